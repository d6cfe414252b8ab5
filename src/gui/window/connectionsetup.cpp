#include "window/connectionsetup.h"

#include "dialogs/connectassistant.h"
#include "settings/settings.h"
#include "window/deliverycheckpage.h"
#include "window/mainwindow.h"
#include "window/receivercontroller.h"

#include <QUrl>

ConnectAssistant *ConnectionSetup::create(MainWindow *window, Settings *settings)
{
    ReceiverController *receiver = window->receiver();
    ConnectAssistant::Context context;
    context.config = receiver->config();
    context.actualPort =
        receiver->isRunning() ? static_cast<quint16>(QUrl(receiver->url()).port(0)) : 0;
    context.publicUrl = settings->publicUrl();
    context.secretFile = settings->secretFilePath();
    context.host = HostFacts::ofThisMachine();
    auto *assistant = new ConnectAssistant(context, window);
    assistant->setCheckPage(new DeliveryCheckPage(receiver, window->testSender(), assistant));
    assistant->setApply([window, settings, receiver](const ConnectAssistant::Choice &choice) {
        if (!window->applySettings(choice.config, receiver->databasePath(),
                                   settings->startReceiverOnLaunch()))
            return false;
        receiver->setPublicUrl(choice.publicUrl);
        settings->setAssistantDone(true);
        settings->sync();
        // The live check needs a receiver; a team server has its own.
        if (choice.way != ConnectAssistant::Way::Team && receiver->isIdle())
            receiver->start();
        return true;
    });
    return assistant;
}
