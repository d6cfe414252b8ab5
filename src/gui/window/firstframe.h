#pragma once

class QWidget;

// The top-level window's backing store, sized and painted over once before
// the window first appears: a fresh image of a full-size window is
// megabytes of memory the system maps on first touch, page by page, and
// that first touch would otherwise fall in the first frame after the window
// is on screen, while it cannot answer input (docs/threads.md, "The first
// frame"). Does nothing to a window that is not created yet, paints on
// screen, or has a store of its size already (painted before).
void prepareFirstFrame(QWidget *window);
