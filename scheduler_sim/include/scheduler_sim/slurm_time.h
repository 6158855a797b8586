// Slurm's time strings (sbatch --begin, --deadline; the REST API's begin_time and deadline),
// read as the 22.05 daemon reads them. A pure function of the text and the "now" it is given.
#pragma once

#include <optional>
#include <string_view>

#include "scheduler_sim/job.h"

namespace scheduler_sim {

// What a time string resolves to. Unset: refused. `flagged` tells a refusal by the grammar
// (the daemon's errno ESLURM_INVALID_TIME_VALUE, 2054) from a text that names no time at
// all ("", blanks, "-"), which the daemon refuses without setting it.
struct SlurmTime {
  std::optional<SimTime> value;
  bool flagged = false;
};

// Forms (words separated by blanks; '-' and 'T' between words are skipped; later words
// override earlier ones; local time):
//   now[ {+|-} N [seconds|second|minutes|minute|hours|hour|days|day|weeks|week]] (N in
//     seconds without a unit; units in any case; blanks allowed around N)
//   today, tomorrow, teatime (16:00) -- lower case only; midnight, noon, fika (15:00) -- any case
//   HH:MM[:SS][ ]AM|PM (HH one or two digits, MM and SS two)
//   MMDD[YY], MM/DD[/YY], MM.DD[.YY] (YY: 20YY), YYYY-MM-DD, then THH:MM[:SS]
//   uts<Unix time> (at least 1000000, nothing after)
// A time without a date is the next such time (today if its hour and minute are still ahead,
// else tomorrow); a date without a year is this year's if still ahead, else next year's; a
// date without a time is its midnight. Out-of-range days roll over (2027-02-30 is March 2).
// A text that resolves to 0 is refused. The 22.05 parser reads past the end of the text when
// `now` is not its first word (the result then varies); here such a `now` is simply now.
SlurmTime parse_slurm_time(std::string_view text, SimTime now);

}  // namespace scheduler_sim
