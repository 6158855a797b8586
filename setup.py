"""setuptools glue for `pip install .`: the extension mock_slurmrestd._core is built by CMake
(target mock_slurmrestd_py) for the interpreter running the build; metadata: pyproject.toml."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        target = Path(self.get_ext_fullpath(ext.name)).resolve()
        # Its own CMake tree per interpreter, apart from a developer's build/.
        tag = f"{sys.implementation.name}{sys.version_info.major}{sys.version_info.minor}"
        build = ROOT / "build-pip" / tag
        configure = ["cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                     f"-DPython_EXECUTABLE={sys.executable}", "-DMOCK_BUILD_TESTS=OFF"]
        if shutil.which("ccache"):
            configure.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
        subprocess.check_call(configure)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")
        subprocess.check_call(["cmake", "--build", str(build), "--target", "mock_slurmrestd_py",
                               "-j", jobs])
        built = sorted((build / "python" / "mock_slurmrestd").glob("_core*.so"))
        if not built:
            raise RuntimeError(f"CMake built no _core module in {build}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built[0], target)


setup(ext_modules=[Extension("mock_slurmrestd._core", sources=[])],
      cmdclass={"build_ext": CMakeBuild})
