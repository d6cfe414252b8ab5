#pragma once

class ConnectAssistant;
class MainWindow;
class Settings;

// Opens "Connect SaleSmartly" for the window, with the live check as its
// last page, and applies the choice through the window's settings path
// (MainWindow::applySettings: save, restart the receiver), then the public
// URL; the assistant counts as done once applied.
namespace ConnectionSetup {

ConnectAssistant *create(MainWindow *window, Settings *settings);

} // namespace ConnectionSetup
