#pragma once

// Background work (an item model's reads, the integrity check of a whole
// store) yields a core to the GUI thread and the receiver: on Linux a thread
// has a nice value of its own, and a higher one gives the scheduler's share
// to the others whenever they want a core. Alone, such a thread runs as fast
// as before (docs/threads.md).
namespace ThreadNice {

// Raises the calling thread's nice value by `increment` (at most to 19).
// Needs no privilege; a failure, or a system without per-thread nice
// values, leaves the thread as it was. Returns whether it changed.
bool raise(int increment);

// The calling thread's nice value (0 where there is none to read).
int current();

} // namespace ThreadNice
