#include "apppaths.h"
#include "paint/appicon.h"
#include "settings/settings.h"
#include "signalwatcher.h"
#include "window/guicommandline.h"
#include "window/instancerequests.h"
#include "window/languages.h"
#include "window/mainwindow.h"
#include "window/selftest.h"
#include "window/singleinstance.h"

#include <QApplication>
#include <QTextStream>

namespace {

void printWarnings(const GuiCommandLine &cl)
{
    QTextStream err(stderr);
    for (const QString &warning : cl.warnings)
        err << "hookscope: warning: " << warning << Qt::endl;
}

} // namespace

int main(int argc, char *argv[])
{
    // The smoke run needs no display, nor does printing help or the version
    // where there is none; the platform is chosen when QApplication is
    // created, so these options are looked at first.
    const bool noDisplay =
        qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
    if ((GuiCommandLine::asksForSelfTest(argc, argv) ||
         (noDisplay && GuiCommandLine::onlyPrints(argc, argv))) &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication app(argc, argv);
    AppPaths::setApplicationNames();
    // The window icon in every size, and the menu entry the desktop shell
    // matches the window to (resources/hookscope.desktop; Wayland app id).
    QApplication::setWindowIcon(AppIcon::icon());
    QGuiApplication::setDesktopFileName(QStringLiteral("hookscope"));
    // Parsed after QApplication took its own options (-platform, -geometry ...).
    const GuiCommandLine cl =
        GuiCommandLine::parse(QCoreApplication::arguments(), qgetenv("HOOKSCOPE_SECRET"));
    QTextStream out(stdout);
    if (!cl.error.isEmpty()) {
        QTextStream(stderr) << "hookscope: " << cl.error << Qt::endl;
        return 2;
    }
    printWarnings(cl);
    if (cl.help) {
        out << cl.helpText;
        return 0;
    }
    if (cl.version) {
        out << "hookscope " << HOOKSCOPE_VERSION << Qt::endl;
        return 0;
    }
    if (cl.selfTest)
        return SelfTest::run();

    // A second launch raises the first window and ends here.
    SingleInstance instance(SingleInstance::defaultSocketPath());
    if (const std::optional<int> exitCode = instance.claimOrForward(cl))
        return *exitCode;
    Settings settings;
    // Before the first window: widgets take their texts when they are built.
    Languages::install(&app, settings.language());
    MainWindow window(&settings, cl);
    InstanceRequests requests(&window, &settings);
    QObject::connect(&instance, &SingleInstance::requested, &requests, &InstanceRequests::answer);
    // SIGTERM (a session ending, `kill`) and SIGINT quit as File > Quit
    // does: the receiver answers what is in flight and commits first, and
    // the single-instance lock goes with the process.
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &window,
                     &MainWindow::quit);
    window.startUp();
    window.show();
    window.openAssistantOnFirstRun();
    return QApplication::exec();
}
