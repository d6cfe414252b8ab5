<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About HookScope</source>
        <translation>关于 HookScope</translation>
    </message>
    <message>
        <source>Receives SaleSmartly webhooks, verifies and stores every delivery, and shows them live.</source>
        <translation>接收 SaleSmartly 的 Webhook 推送，校验并保存每一次投递，并实时显示。</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <source>Qt:</source>
        <translation>Qt：</translation>
    </message>
    <message>
        <source>Built:</source>
        <translation>构建日期：</translation>
    </message>
    <message>
        <source>Store:</source>
        <translation>数据库：</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1（构建时使用 %2）</translation>
    </message>
    <message>
        <source>HookScope %1</source>
        <translation>HookScope %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>HookScope is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License, version 3 or (at your option) any later version (GPL-3.0-or-later). It comes with ABSOLUTELY NO WARRANTY. The full licence text is in %1.</source>
        <translation>HookScope 是自由软件：您可以依据 GNU 通用公共许可证第 3 版或（由您选择）任何更新的版本（GPL-3.0-or-later）再发布和/或修改它。本软件不提供任何担保。许可证全文见 %1。</translation>
    </message>
    <message>
        <source>&amp;Copy Version Details</source>
        <translation>复制版本信息(&amp;C)</translation>
    </message>
    <message>
        <source>HookScope: %1</source>
        <translation>HookScope：%1</translation>
    </message>
    <message>
        <source>Qt: %1</source>
        <translation>Qt：%1</translation>
    </message>
    <message>
        <source>Built: %1</source>
        <translation>构建日期：%1</translation>
    </message>
    <message>
        <source>Platform: %1 (%2)</source>
        <translation>平台：%1（%2）</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>the LICENSE file of the HookScope sources</source>
        <translation>HookScope 源代码中的 LICENSE 文件</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>ChannelDelegate</name>
    <message>
        <source>counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>no messages</source>
        <translation>暂无消息</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
</context>
<context>
    <name>ChannelModel</name>
    <message>
        <source>All channels</source>
        <translation>全部渠道</translation>
    </message>
</context>
<context>
    <name>ChannelsPane</name>
    <message>
        <source>Channels</source>
        <translation>渠道</translation>
    </message>
</context>
<context>
    <name>ConditionBanner</name>
    <message>
        <source>The store is damaged; deliveries are answered 503 and nothing is written to it: %1</source>
        <translation>数据库已损坏：投递一律以 503 应答，不再写入任何内容：%1</translation>
    </message>
    <message>
        <source>The store cannot take deliveries; they are answered 503 until it recovers: %1</source>
        <translation>数据库暂时无法写入投递，恢复之前一律以 503 应答：%1</translation>
    </message>
    <message>
        <source>The receiver is not running: %1</source>
        <translation>接收器未在运行：%1</translation>
    </message>
    <message>
        <source>Anyone can post here: the receiver listens on %1 without a secret. Set a secret in Settings, or listen on 127.0.0.1 only.</source>
        <translation>任何人都能向这里发送数据：接收器在 %1 上监听，却没有设置密钥。请在“设置”中填写密钥，或只监听 127.0.0.1。</translation>
    </message>
</context>
<context>
    <name>ConnectAssistant</name>
    <message>
        <source>Connect SaleSmartly</source>
        <translation>连接 SaleSmartly</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
    <message>
        <source>All interfaces (0.0.0.0)</source>
        <translation>所有网络接口 (0.0.0.0)</translation>
    </message>
    <message>
        <source>This machine only (127.0.0.1)</source>
        <translation>仅本机 (127.0.0.1)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
</context>
<context>
    <name>ConnectAssistantCheck</name>
    <message>
        <source>Live check</source>
        <translation>实时检查</translation>
    </message>
    <message>
        <source>HookScope now waits for a delivery and tells you what it found.</source>
        <translation>HookScope 正在等待推送，收到后会告诉您结果。</translation>
    </message>
    <message>
        <source>Paste this URL into SaleSmartly&apos;s webhook settings, save, and send a message to your channel:</source>
        <translation>把这个 URL 粘贴到 SaleSmartly 的 Webhook 设置中并保存，然后向您的渠道发一条消息：</translation>
    </message>
    <message>
        <source>URL to paste into SaleSmartly</source>
        <translation>要粘贴到 SaleSmartly 的 URL</translation>
    </message>
    <message>
        <source>Copy URL</source>
        <translation>复制 URL</translation>
    </message>
    <message>
        <source>Waiting for the first delivery…</source>
        <translation>正在等待第一条推送…</translation>
    </message>
    <message>
        <source>Send a &amp;test delivery</source>
        <translation>发送测试推送(&amp;T)</translation>
    </message>
    <message>
        <source>No SaleSmartly account at hand? A test delivery goes through the same path as SaleSmartly&apos;s. From a terminal:</source>
        <translation>手头没有 SaleSmartly 账号？测试推送与 SaleSmartly 的推送走同一条路径。也可以在终端中运行：</translation>
    </message>
    <message>
        <source>Test command</source>
        <translation>测试命令</translation>
    </message>
</context>
<context>
    <name>ConnectAssistantIntro</name>
    <message>
        <source>Connect SaleSmartly</source>
        <translation>连接 SaleSmartly</translation>
    </message>
    <message>
        <source>&lt;p&gt;SaleSmartly can send every new chat message and every customer change to a web address that you give it: a &lt;b&gt;webhook&lt;/b&gt;. HookScope receives them there, checks that they really come from SaleSmartly, and keeps them.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Webhooks need SaleSmartly&apos;s Max plan.&lt;/b&gt; If you are not sure which plan your team has, ask whoever manages your SaleSmartly account.&lt;/p&gt;&lt;p&gt;The next pages ask for the webhook key, set up how SaleSmartly&apos;s servers can reach HookScope, give you the URL to paste into SaleSmartly, and then watch for the first delivery.&lt;/p&gt;</source>
        <translation>&lt;p&gt;SaleSmartly 可以把每条新聊天消息和每次客户信息变更推送到您指定的网址，这就是 &lt;b&gt;Webhook&lt;/b&gt;。HookScope 在该网址接收推送，核实它们确实来自 SaleSmartly，并保存下来。&lt;/p&gt;&lt;p&gt;&lt;b&gt;Webhook 需要 SaleSmartly 的 Max 套餐。&lt;/b&gt;如果不确定团队用的是哪个套餐，请询问负责管理 SaleSmartly 账号的同事。&lt;/p&gt;&lt;p&gt;接下来的几页会请您填写 Webhook 密钥，设置 SaleSmartly 服务器访问 HookScope 的方式，给出要粘贴到 SaleSmartly 的 URL，然后等待第一条推送。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ConnectAssistantKey</name>
    <message>
        <source>The webhook key</source>
        <translation>Webhook 密钥</translation>
    </message>
    <message>
        <source>SaleSmartly signs every delivery with a key; HookScope checks the signature with the same key.</source>
        <translation>SaleSmartly 用一个密钥为每条推送签名，HookScope 用同一个密钥校验签名。</translation>
    </message>
    <message>
        <source>&lt;p&gt;In SaleSmartly, open the settings page for webhooks (integration), where the webhook URL is entered. The &lt;b&gt;webhook key&lt;/b&gt; shown there is what HookScope calls its &lt;b&gt;secret&lt;/b&gt;. Copy it and paste it here.&lt;/p&gt;</source>
        <translation>&lt;p&gt;在 SaleSmartly 中打开 Webhook（集成）的设置页面，也就是填写 Webhook URL 的地方。那里显示的 &lt;b&gt;Webhook 密钥&lt;/b&gt;就是 HookScope 所说的&lt;b&gt;密钥（secret）&lt;/b&gt;。请复制后粘贴到这里。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Webhook &amp;key:</source>
        <translation>Webhook 密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>Paste the webhook key from SaleSmartly</source>
        <translation>粘贴 SaleSmartly 中的 Webhook 密钥</translation>
    </message>
    <message>
        <source>&amp;Show</source>
        <translation>显示(&amp;S)</translation>
    </message>
</context>
<context>
    <name>ConnectAssistantProxy</name>
    <message>
        <source>Behind a reverse proxy or a tunnel</source>
        <translation>通过反向代理或隧道</translation>
    </message>
    <message>
        <source>HookScope listens on 127.0.0.1; the proxy or tunnel gives it a public HTTPS address.</source>
        <translation>HookScope 只监听 127.0.0.1，由代理或隧道为它提供公网 HTTPS 地址。</translation>
    </message>
    <message>
        <source>Public &amp;URL:</source>
        <translation>公网 URL(&amp;U)：</translation>
    </message>
    <message>
        <source>https://hooks.example.com/webhook</source>
        <translation>https://hooks.example.com/webhook</translation>
    </message>
    <message>
        <source>&amp;Set up with:</source>
        <translation>配置方式(&amp;S)：</translation>
    </message>
    <message>
        <source>Cop&amp;y</source>
        <translation>复制(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Trust 127.0.0.1 as a proxy: take the sender&apos;s address from its X-Forwarded-For header</source>
        <translation>信任 127.0.0.1 为代理(&amp;T)：从它的 X-Forwarded-For 头中获取发送方地址</translation>
    </message>
    <message>
        <source>HookScope downloads and runs none of these programs: install the one you choose from your distribution or its publisher, and run it yourself.</source>
        <translation>HookScope 不会下载或运行这些程序：请从您的发行版或其发布方安装所选的程序，并自行运行。</translation>
    </message>
</context>
<context>
    <name>ConnectAssistantReachable</name>
    <message>
        <source>This machine is reachable</source>
        <translation>本机可从外网访问</translation>
    </message>
    <message>
        <source>Choose where HookScope listens. SaleSmartly must be able to reach this address and port.</source>
        <translation>选择 HookScope 的监听位置。SaleSmartly 必须能访问到这个地址和端口。</translation>
    </message>
    <message>
        <source>&amp;Listen on:</source>
        <translation>监听地址(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>TLS &amp;certificate:</source>
        <translation>TLS 证书(&amp;C)：</translation>
    </message>
    <message>
        <source>Optional: PEM file, for example fullchain.pem</source>
        <translation>可选：PEM 文件，例如 fullchain.pem</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>TLS private k&amp;ey:</source>
        <translation>TLS 私钥(&amp;E)：</translation>
    </message>
    <message>
        <source>Optional: PEM file, for example privkey.pem</source>
        <translation>可选：PEM 文件，例如 privkey.pem</translation>
    </message>
    <message>
        <source>With a certificate and its key HookScope answers HTTPS itself. Without them deliveries travel unencrypted: prefer a reverse proxy then.</source>
        <translation>提供证书和私钥后，HookScope 会直接以 HTTPS 应答。没有它们时推送以明文传输，这种情况下建议使用反向代理。</translation>
    </message>
    <message>
        <source>The URL to paste into SaleSmartly:</source>
        <translation>要粘贴到 SaleSmartly 的 URL：</translation>
    </message>
    <message>
        <source>URL to paste into SaleSmartly</source>
        <translation>要粘贴到 SaleSmartly 的 URL</translation>
    </message>
    <message>
        <source>Copy URL</source>
        <translation>复制 URL</translation>
    </message>
</context>
<context>
    <name>ConnectAssistantTeam</name>
    <message>
        <source>A team server</source>
        <translation>团队服务器</translation>
    </message>
    <message>
        <source>Run HookScope&apos;s receiver on a server that is always on.</source>
        <translation>在一台始终开机的服务器上运行 HookScope 的接收器。</translation>
    </message>
    <message>
        <source>&lt;p&gt;On the server, install the HookScope package and put the webhook key into the secret file (one line, readable by you only). Then either let HookScope answer HTTPS itself, or put it behind nginx or Caddy as on the previous choice:&lt;/p&gt;</source>
        <translation>&lt;p&gt;在服务器上安装 HookScope 软件包，并把 Webhook 密钥写入密钥文件（一行，仅您自己可读）。然后可以让 HookScope 直接以 HTTPS 应答，也可以像上一种方式那样把它放在 nginx 或 Caddy 后面：&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Cop&amp;y commands</source>
        <translation>复制命令(&amp;Y)</translation>
    </message>
    <message>
        <source>&lt;p&gt;The package ships a systemd user service, &lt;b&gt;hookscope.service&lt;/b&gt;, that runs &lt;tt&gt;hookscope-cli serve&lt;/tt&gt; in the background with this user&apos;s store and secret file; &lt;tt&gt;loginctl enable-linger&lt;/tt&gt; keeps it running without anyone logged in. In SaleSmartly, paste the server&apos;s URL, for example https://hooks.example.com/webhook.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Team mode&lt;/b&gt;, where this window shows what the server received, comes in a later version. The live check watches this window&apos;s own receiver, so it is not part of this choice.&lt;/p&gt;</source>
        <translation>&lt;p&gt;软件包自带一个 systemd 用户服务 &lt;b&gt;hookscope.service&lt;/b&gt;，它使用该用户的数据库和密钥文件在后台运行 &lt;tt&gt;hookscope-cli serve&lt;/tt&gt;；执行 &lt;tt&gt;loginctl enable-linger&lt;/tt&gt; 后，即使没有人登录它也会保持运行。在 SaleSmartly 中粘贴服务器的 URL，例如 https://hooks.example.com/webhook。&lt;/p&gt;&lt;p&gt;&lt;b&gt;团队模式&lt;/b&gt;（在本窗口中查看服务器收到的内容）将在以后的版本中提供。实时检查只监视本窗口自己的接收器，因此不适用于这种方式。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ConnectAssistantWay</name>
    <message>
        <source>How SaleSmartly reaches HookScope</source>
        <translation>SaleSmartly 如何访问 HookScope</translation>
    </message>
    <message>
        <source>SaleSmartly&apos;s servers are on the internet: they must be able to open the webhook URL.</source>
        <translation>SaleSmartly 的服务器在互联网上，它们必须能够访问 Webhook URL。</translation>
    </message>
    <message>
        <source>This &amp;machine can be reached from the internet</source>
        <translation>本机可从互联网访问(&amp;M)</translation>
    </message>
    <message>
        <source>It has a public address, or a port forwarded to it. HookScope listens on it directly, with HTTPS if you have a certificate.</source>
        <translation>本机有公网地址，或有端口转发到本机。HookScope 直接在上面监听；如果有证书，可使用 HTTPS。</translation>
    </message>
    <message>
        <source>Behind a reverse &amp;proxy or a tunnel</source>
        <translation>通过反向代理或隧道(&amp;P)</translation>
    </message>
    <message>
        <source>nginx or Caddy on a server with a public name, or a tunnel program, passes deliveries to HookScope on this machine. HookScope keeps listening on 127.0.0.1 only.</source>
        <translation>由一台有公网域名的服务器上的 nginx 或 Caddy，或者由隧道程序，把推送转发给本机的 HookScope。HookScope 仍只监听 127.0.0.1。</translation>
    </message>
    <message>
        <source>On a &amp;team server</source>
        <translation>在团队服务器上(&amp;T)</translation>
    </message>
    <message>
        <source>HookScope&apos;s receiver runs on a server (hookscope-cli serve) and keeps receiving while this window is closed.</source>
        <translation>HookScope 的接收器运行在服务器上（hookscope-cli serve），即使关闭本窗口也会继续接收。</translation>
    </message>
</context>
<context>
    <name>ConnectKeyPage</name>
    <message>
        <source>HookScope keeps it in %1, a file only you can read, never in its settings.</source>
        <translation>HookScope 把它保存在 %1 中，这个文件只有您自己能读取，不会写入设置文件。</translation>
    </message>
    <message>
        <source>Without a key, deliveries are not checked: anyone who knows the URL could send HookScope anything.</source>
        <translation>没有密钥时不会校验推送：任何知道该 URL 的人都可以向 HookScope 发送任意内容。</translation>
    </message>
    <message>
        <source>A webhook key is one line of at most %1 characters.</source>
        <translation>Webhook 密钥应为一行，最多 %1 个字符。</translation>
    </message>
</context>
<context>
    <name>ConnectProxyPage</name>
    <message>
        <source>nginx</source>
        <translation>nginx</translation>
    </message>
    <message>
        <source>Caddy</source>
        <translation>Caddy</translation>
    </message>
    <message>
        <source>cloudflared (tunnel)</source>
        <translation>cloudflared（隧道）</translation>
    </message>
    <message>
        <source>ngrok (tunnel)</source>
        <translation>ngrok（隧道）</translation>
    </message>
    <message>
        <source>Paste the public address of your proxy or tunnel, for example https://hooks.example.com%1.</source>
        <translation>请粘贴代理或隧道的公网地址，例如 https://hooks.example.com%1。</translation>
    </message>
    <message>
        <source>HookScope receives at %1: make sure the proxy passes this URL on to that path.</source>
        <translation>HookScope 在 %1 接收推送：请确认代理会把这个 URL 转发到该路径。</translation>
    </message>
    <message>
        <source>The URL to paste into SaleSmartly: %1</source>
        <translation>要粘贴到 SaleSmartly 的 URL：%1</translation>
    </message>
    <message>
        <source>A server block for nginx: put in your host name and certificate paths, then reload nginx.</source>
        <translation>nginx 的 server 配置块：填入您的域名和证书路径，然后重新加载 nginx。</translation>
    </message>
    <message>
        <source>For the Caddyfile. Caddy obtains and renews the certificate by itself.</source>
        <translation>用于 Caddyfile。Caddy 会自动申请和续期证书。</translation>
    </message>
    <message>
        <source>Run this on this machine. It prints a public https:// address: paste it above (HookScope adds %1 when the address has no path).</source>
        <translation>在本机运行此命令。它会输出一个公网 https:// 地址，请粘贴到上方（如果地址不带路径，HookScope 会自动加上 %1）。</translation>
    </message>
</context>
<context>
    <name>ConnectReachablePage</name>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is too large for a PEM file.</source>
        <translation>%1 太大，不像是 PEM 文件。</translation>
    </message>
    <message>
        <source>Give both the certificate and its private key, or neither.</source>
        <translation>证书和私钥要么都填，要么都不填。</translation>
    </message>
    <message>
        <source>HookScope listens on every interface. If SaleSmartly reaches this machine through a router, forward port %1 to it and use the router&apos;s public address instead.</source>
        <translation>HookScope 会在所有网络接口上监听。如果 SaleSmartly 需要经过路由器访问本机，请把端口 %1 转发到本机，并改用路由器的公网地址。</translation>
    </message>
    <message>
        <source>127.0.0.1 cannot be reached from other machines: choose another address, or go back and choose a reverse proxy or a tunnel.</source>
        <translation>其他机器无法访问 127.0.0.1：请选择其他地址，或返回上一步改用反向代理或隧道。</translation>
    </message>
    <message>
        <source>TLS Certificate</source>
        <translation>TLS 证书</translation>
    </message>
    <message>
        <source>TLS Private Key</source>
        <translation>TLS 私钥</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.key);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ConnectTeamPage</name>
    <message>
        <source># HTTPS answered by HookScope itself:</source>
        <translation># 由 HookScope 自己应答 HTTPS：</translation>
    </message>
    <message>
        <source># Or behind nginx or Caddy on the same server:</source>
        <translation># 或者放在同一台服务器上的 nginx 或 Caddy 后面：</translation>
    </message>
    <message>
        <source># In the background, with the package&apos;s user service:</source>
        <translation># 使用软件包自带的用户服务在后台运行：</translation>
    </message>
</context>
<context>
    <name>ConversationHtml</name>
    <message>
        <source>unassigned / bot</source>
        <translation>未分配 / 机器人</translation>
    </message>
    <message>
        <source>agent #%1</source>
        <translation>客服 #%1</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Agent %1</source>
        <translation>客服 %1</translation>
    </message>
    <message>
        <source>media</source>
        <translation>媒体</translation>
    </message>
    <message>
        <source>[button]</source>
        <translation>[按钮]</translation>
    </message>
    <message>
        <source>sent by %1</source>
        <translation>由 %1 发送</translation>
    </message>
    <message>
        <source>[image]</source>
        <translation>[图片]</translation>
    </message>
    <message>
        <source>Load image</source>
        <translation>加载图片</translation>
    </message>
    <message>
        <source>Image not loaded: %1</source>
        <translation>图片未加载：%1</translation>
    </message>
    <message>
        <source>Loading image…</source>
        <translation>正在加载图片…</translation>
    </message>
</context>
<context>
    <name>ConversationPane</name>
    <message>
        <source>1 message</source>
        <translation>1 条消息</translation>
    </message>
    <message>
        <source>%1 messages</source>
        <translation>%1 条消息</translation>
    </message>
    <message>
        <source>Session %1 · customer %2 · %3 · %4</source>
        <translation>会话 %1 · 客户 %2 · %3 · %4</translation>
    </message>
    <message>
        <source>Customer %1 · all sessions · %2</source>
        <translation>客户 %1 · 全部会话 · %2</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Select a message or a customer to see the conversation.</source>
        <translation>选择一条消息或一位客户，即可查看对话。</translation>
    </message>
    <message>
        <source>No messages in this conversation yet.</source>
        <translation>这段对话还没有消息。</translation>
    </message>
</context>
<context>
    <name>CustomerListModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>最近变更</translation>
    </message>
    <message numerus="yes">
        <source>%1
%n unverified change(s) (bad signature or none)</source>
        <translation>
            <numerusform>%1
%n 项未验证的变更（签名错误或缺失）</numerusform>
        </translation>
    </message>
    <message>
        <source>Last message</source>
        <translation>最后消息</translation>
    </message>
</context>
<context>
    <name>CustomersPane</name>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Customers (loading…)</source>
        <translation>客户（加载中…）</translation>
    </message>
    <message>
        <source>Profile and changes</source>
        <translation>资料与变更</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Custom field: %1</source>
        <translation>自定义字段：%1</translation>
    </message>
    <message>
        <source>Select a customer to see how their profile changed.</source>
        <translation>选择一位客户，即可查看其资料的变更经过。</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Search name, phone, email or id</source>
        <translation>搜索姓名、电话、邮箱或 ID</translation>
    </message>
    <message>
        <source>Show &amp;unverified data</source>
        <translation>显示未验证的数据(&amp;U)</translation>
    </message>
    <message>
        <source>Let values from customer events with a bad signature or none replace verified ones in the profile (they are marked). Off, only the timeline shows them.</source>
        <translation>让签名错误或未签名的客户事件中的值替换资料中已验证的值（会加以标记）。关闭时，这些值只出现在时间线中。</translation>
    </message>
    <message>
        <source>No customers yet. A customer appears with their first customer event or message.</source>
        <translation>还没有客户。收到某位客户的第一个客户事件或第一条消息后，该客户就会出现在这里。</translation>
    </message>
    <message>
        <source>No customer matches “%1”.</source>
        <translation>没有与“%1”匹配的客户。</translation>
    </message>
    <message>
        <source>No customer matches the filter.</source>
        <translation>没有符合筛选条件的客户。</translation>
    </message>
    <message>
        <source>unverified</source>
        <translation>未验证</translation>
    </message>
    <message>
        <source>Unverified changes not shown: %1. Turn on “Show unverified data” to see them.</source>
        <translation>未显示的未验证变更：%1。打开“显示未验证的数据”即可查看。</translation>
    </message>
    <message>
        <source>No customers yet, only test customers: the filter test:yes shows them.</source>
        <translation>还没有客户，只有测试客户：筛选 test:yes 即可显示。</translation>
    </message>
</context>
<context>
    <name>DBusNotificationSink</name>
    <message>
        <source>Open conversation</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>Show HookScope</source>
        <translation>显示 HookScope</translation>
    </message>
</context>
<context>
    <name>DeliveryCheck</name>
    <message>
        <source>Waiting for the first delivery…</source>
        <translation>正在等待第一条推送…</translation>
    </message>
    <message>
        <source>Received and verified, but its timestamp is far from this machine&apos;s clock. Check that the clock is set automatically (systemd-timesyncd or chrony).</source>
        <translation>已收到并通过校验，但它的时间戳与本机时钟相差太大。请检查本机是否自动校时（systemd-timesyncd 或 chrony）。</translation>
    </message>
    <message>
        <source>Received, verified: SaleSmartly&apos;s webhook key and HookScope&apos;s secret are the same. HookScope is connected.</source>
        <translation>已收到，校验通过：SaleSmartly 的 Webhook 密钥与 HookScope 的密钥一致。HookScope 已连接成功。</translation>
    </message>
    <message>
        <source>Received, but the signature does not match: SaleSmartly&apos;s webhook key and HookScope&apos;s secret are not the same. Copy the webhook key from SaleSmartly again and paste it as the secret.</source>
        <translation>已收到，但签名不匹配：SaleSmartly 的 Webhook 密钥与 HookScope 的密钥不一致。请从 SaleSmartly 重新复制 Webhook 密钥，粘贴为 HookScope 的密钥。</translation>
    </message>
    <message>
        <source>Received without a signature. SaleSmartly signs its deliveries with the webhook key: check that one is set in SaleSmartly&apos;s webhook settings.</source>
        <translation>收到的推送没有签名。SaleSmartly 会用 Webhook 密钥为推送签名：请检查 SaleSmartly 的 Webhook 设置中是否已设置密钥。</translation>
    </message>
    <message>
        <source>Received, but not checked: no secret is set in HookScope, so deliveries are not verified and anyone could send them. Paste SaleSmartly&apos;s webhook key as the secret.</source>
        <translation>已收到，但未校验：HookScope 中没有设置密钥，因此不会校验推送，任何人都可以发送。请把 SaleSmartly 的 Webhook 密钥粘贴为密钥。</translation>
    </message>
    <message>
        <source>Received, but not checked: verification is switched off in the settings.</source>
        <translation>已收到，但未校验：设置中关闭了校验。</translation>
    </message>
    <message>
        <source>A delivery was sent to %1, but HookScope receives webhooks at %2. In SaleSmartly, use the URL that ends in %2.</source>
        <translation>有一条推送发到了 %1，但 HookScope 在 %2 接收 Webhook。请在 SaleSmartly 中使用以 %2 结尾的 URL。</translation>
    </message>
    <message>
        <source>Refused: the signature does not match. SaleSmartly&apos;s webhook key and HookScope&apos;s secret are not the same. Copy the webhook key from SaleSmartly again and paste it as the secret.</source>
        <translation>已拒收：签名不匹配。SaleSmartly 的 Webhook 密钥与 HookScope 的密钥不一致。请从 SaleSmartly 重新复制 Webhook 密钥，粘贴为 HookScope 的密钥。</translation>
    </message>
    <message>
        <source>Refused: the delivery has no signature. SaleSmartly signs its deliveries with the webhook key: check that one is set in SaleSmartly&apos;s webhook settings.</source>
        <translation>已拒收：推送没有签名。SaleSmartly 会用 Webhook 密钥为推送签名：请检查 SaleSmartly 的 Webhook 设置中是否已设置密钥。</translation>
    </message>
    <message>
        <source>Refused as stale: its timestamp is far from this machine&apos;s clock (%1). Check that the clock is set automatically.</source>
        <translation>已作为过期推送拒收：它的时间戳与本机时钟相差太大（%1）。请检查本机是否自动校时。</translation>
    </message>
    <message>
        <source>Refused with status %1: %2</source>
        <translation>已拒收，状态码 %1：%2</translation>
    </message>
</context>
<context>
    <name>DeliveryCheckPage</name>
    <message>
        <source>The receiver is not running: start it with Receiver &gt; Start Receiver (F5).</source>
        <translation>接收器没有运行：请通过“接收器 &gt; 启动接收器”（F5）启动它。</translation>
    </message>
</context>
<context>
    <name>EventTableModel</name>
    <message>
        <source>conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>过期</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>投递</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发送时间</translation>
    </message>
    <message>
        <source>Received: when this machine received the event&apos;s first delivery (its own clock, local time)</source>
        <translation>接收时间：本机收到该事件首次投递的时间（本机时钟，本地时间）</translation>
    </message>
    <message>
        <source>Sent: when SaleSmartly sent the message (send_time in the payload, local time); empty when the event has none</source>
        <translation>发送时间：SaleSmartly 发出该消息的时间（载荷中的 send_time，本地时间）；事件没有该字段时为空</translation>
    </message>
    <message>
        <source>Who wrote a message: customer or agent; &quot;-&quot; for other events</source>
        <translation>消息由谁发出：客户或客服；其他事件显示“-”</translation>
    </message>
    <message>
        <source>The message text, or what a customer event changed</source>
        <translation>消息文本，或客户事件改动了哪些内容</translation>
    </message>
    <message>
        <source>How many times the event was delivered (retries count)</source>
        <translation>该事件被投递的次数（重试也计入）</translation>
    </message>
    <message>
        <source>no change</source>
        <translation>无变化</translation>
    </message>
    <message>
        <source>%1 · sent as a test delivery</source>
        <translation>%1 · 测试投递</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>事件(&amp;E)</translation>
    </message>
    <message>
        <source>C&amp;ustomer changes (one row per changed field)</source>
        <translation>客户变更（每个变更字段一行）(&amp;U)</translation>
    </message>
    <message>
        <source>Columns: time, chat_user_id, name, field, old, new, event_id.
With the current filter: the changes made by the customer events that match it.</source>
        <translation>列：time、chat_user_id、name、field、old、new、event_id。
使用当前筛选时：只导出符合筛选条件的客户事件所做的变更。</translation>
    </message>
    <message>
        <source>Matching the current &amp;filter</source>
        <translation>符合当前筛选条件的行(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;All events</source>
        <translation>全部事件(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;CSV</source>
        <translation>&amp;CSV</translation>
    </message>
    <message>
        <source>&amp;JSON Lines</source>
        <translation>&amp;JSON Lines</translation>
    </message>
    <message>
        <source>Start with a &amp;byte order mark (for Excel)</source>
        <translation>文件开头写入字节顺序标记（供 Excel 识别）(&amp;B)</translation>
    </message>
    <message>
        <source>(no filter set)</source>
        <translation>（未设置筛选条件）</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>B&amp;rowse…</source>
        <translation>浏览(&amp;R)…</translation>
    </message>
    <message>
        <source>E&amp;xport</source>
        <translation>导出(&amp;X)</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>导出内容：</translation>
    </message>
    <message>
        <source>Rows:</source>
        <translation>范围：</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;JSON Lines files (*.jsonl);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;JSON Lines 文件 (*.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Choose the file to export to.</source>
        <translation>请选择要导出到的文件。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Exporting… %1 of %2 events read</source>
        <translation>正在导出… 已读取 %1 / %2 个事件</translation>
    </message>
    <message>
        <source>1 row written to %1</source>
        <translation>已将 1 行写入 %1</translation>
    </message>
    <message>
        <source>%1 rows written to %2</source>
        <translation>已将 %1 行写入 %2</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation>导出已取消，未写入任何文件。</translation>
    </message>
    <message>
        <source>Export failed; no file was written. %1</source>
        <translation>导出失败，未写入任何文件。%1</translation>
    </message>
    <message>
        <source>Test deliveries are left out, as in the window, unless the filter names them (test:yes).</source>
        <translation>与主窗口一致，测试投递不会导出，除非筛选条件中指明（test:yes）。</translation>
    </message>
    <message>
        <source>Cells:</source>
        <translation>单元格：</translation>
    </message>
    <message>
        <source>For a &amp;spreadsheet (formula guard)</source>
        <translation>用于电子表格（公式防护）(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Data, not spreadsheet (cells exactly as stored)</source>
        <translation>纯数据，不用于电子表格（单元格与存储内容完全一致）(&amp;D)</translation>
    </message>
    <message>
        <source>Customers write the message texts and names. A cell that starts with = + - @ could run as a formula when the file is opened in a spreadsheet, so the guard puts a &apos; before it. Turn the guard off only for files that programs read.</source>
        <translation>消息文本和姓名由客户填写。以 = + - @ 开头的单元格在电子表格中打开时可能被当作公式执行，因此公式防护会在其前面加上 &apos;。仅当文件交给程序读取时才关闭此防护。</translation>
    </message>
</context>
<context>
    <name>ExportJob</name>
    <message>
        <source>The filter is not valid: %1</source>
        <translation>筛选条件无效：%1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>FileSecretBackend</name>
    <message>
        <source>%1 is a folder</source>
        <translation>%1 是一个文件夹</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is larger than %2 bytes</source>
        <translation>%1 超过 %2 字节</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>cannot remove %1: %2</source>
        <translation>无法删除 %1：%2</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Recent filters (Up and Down in the filter box)</source>
        <translation>最近的筛选（在筛选框中按上下方向键）</translation>
    </message>
    <message>
        <source>Recent filters</source>
        <translation>最近的筛选</translation>
    </message>
    <message>
        <source>Filter: channel:7 type:text user:ID -verified:yes since:2h words or &quot;a phrase&quot;</source>
        <translation>筛选：channel:7 type:text user:ID -verified:yes since:2h 词语或&quot;一个短语&quot;</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>No recent filters</source>
        <translation>没有最近的筛选</translation>
    </message>
    <message>
        <source>all events</source>
        <translation>全部事件</translation>
    </message>
    <message>
        <source>%1
Not applied: the stream still shows %2.</source>
        <translation>%1
尚未应用：消息流仍显示 %2。</translation>
    </message>
    <message>
        <source>Terms separated by spaces must all hold; a OR b; -term excludes.
Fields: %1.
Enter applies at once; Esc clears; Up and Down recall recent filters.</source>
        <translation>以空格分隔的条件须全部满足；a OR b 表示满足其一即可；-条件 表示排除。
字段：%1。
按 Enter 立即应用；按 Esc 清空；上下方向键调出最近的筛选。</translation>
    </message>
    <message>
        <source>Enter to apply</source>
        <translation>按 Enter 应用</translation>
    </message>
</context>
<context>
    <name>FilterExpression</name>
    <message>
        <source>&quot;-&quot; must be followed directly by the term it excludes</source>
        <translation>&quot;-&quot; 后面必须紧跟要排除的条件</translation>
    </message>
    <message>
        <source>a quote or parenthesis inside a word: put the whole term in quotes</source>
        <translation>词语中间出现了引号或括号：请用引号把整个条件括起来</translation>
    </message>
    <message>
        <source>this quote is never closed</source>
        <translation>这个引号没有闭合</translation>
    </message>
    <message>
        <source>expected a space after the closing quote</source>
        <translation>右引号后面应有空格</translation>
    </message>
    <message>
        <source>expected a space after &quot;)&quot;</source>
        <translation>&quot;)&quot; 后面应有空格</translation>
    </message>
    <message>
        <source>&quot;)&quot; without a matching &quot;(&quot;</source>
        <translation>&quot;)&quot; 没有对应的 &quot;(&quot;</translation>
    </message>
    <message>
        <source>AND needs a term on each side</source>
        <translation>AND 两边都需要条件</translation>
    </message>
    <message>
        <source>OR needs a term on each side</source>
        <translation>OR 两边都需要条件</translation>
    </message>
    <message>
        <source>parentheses nested too deeply</source>
        <translation>括号嵌套过深</translation>
    </message>
    <message>
        <source>this &quot;(&quot; is never closed</source>
        <translation>这个 &quot;(&quot; 没有闭合</translation>
    </message>
    <message>
        <source>empty parentheses</source>
        <translation>括号内为空</translation>
    </message>
    <message>
        <source>an empty phrase &quot;&quot; would match everything</source>
        <translation>空短语 &quot;&quot; 会匹配所有内容</translation>
    </message>
    <message>
        <source>unknown channel &quot;%1&quot;: use a code (7) or a name (&quot;WhatsApp API&quot;)</source>
        <translation>未知渠道 &quot;%1&quot;：请使用渠道代码（如 7）或名称（如 &quot;WhatsApp API&quot;）</translation>
    </message>
    <message>
        <source>sender is customer or agent, not &quot;%1&quot;</source>
        <translation>sender 只能是 customer 或 agent，不能是 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>agent takes a numeric agent id (sys_user_id), not &quot;%1&quot;</source>
        <translation>agent 需要数字形式的客服 ID（sys_user_id），不能是 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>verified is yes or no, not &quot;%1&quot;</source>
        <translation>verified 只能是 yes 或 no，不能是 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>%1: needs a value</source>
        <translation>%1: 需要一个值</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot;: the fields are %2; put text with a colon in quotes to search for it</source>
        <translation>未知字段 &quot;%1&quot;：可用字段为 %2；若要搜索含冒号的文字，请用引号括起来</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a date or time: use 2026-11-24, 2026-11-24T10:00, 2026-11-24T10:00:00Z or a span like 30m, 2h, 7d</source>
        <translation>&quot;%1&quot; 不是日期或时间：请使用 2026-11-24、2026-11-24T10:00、2026-11-24T10:00:00Z，或 30m、2h、7d 这样的时长</translation>
    </message>
    <message>
        <source>&quot;%1&quot; needs a unit: s, m, h, d or w (30m, 2h, 7d)</source>
        <translation>&quot;%1&quot; 需要单位：s、m、h、d 或 w（如 30m、2h、7d）</translation>
    </message>
    <message>
        <source>unknown time unit &quot;%1&quot; in &quot;%2&quot;: use s, m, h, d or w</source>
        <translation>&quot;%2&quot; 中的时间单位 &quot;%1&quot; 无法识别：请使用 s、m、h、d 或 w</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is too long ago</source>
        <translation>&quot;%1&quot; 距今太久</translation>
    </message>
    <message>
        <source>test is yes or no, not &quot;%1&quot;</source>
        <translation>test 只能是 yes 或 no，不能是 &quot;%1&quot;</translation>
    </message>
</context>
<context>
    <name>ForwardRuleCheck</name>
    <message>
        <source>The URL is empty.</source>
        <translation>URL 为空。</translation>
    </message>
    <message>
        <source>The URL is longer than %1 characters.</source>
        <translation>URL 超过 %1 个字符。</translation>
    </message>
    <message>
        <source>Only http:// and https:// URLs can be forwarded to.</source>
        <translation>只能转发到 http:// 或 https:// 地址。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid URL; write it as https://crm.example.com/salesmartly/webhook.</source>
        <translation>“%1”不是有效的 URL，请写成 https://crm.example.com/salesmartly/webhook 这样的形式。</translation>
    </message>
    <message>
        <source>The URL may not contain a user name or password.</source>
        <translation>URL 中不能包含用户名或密码。</translation>
    </message>
    <message>
        <source>The URL may not contain a #fragment.</source>
        <translation>URL 中不能包含 #片段。</translation>
    </message>
    <message>
        <source>The filter is longer than %1 characters.</source>
        <translation>过滤条件超过 %1 个字符。</translation>
    </message>
</context>
<context>
    <name>ForwardRuleDialog</name>
    <message>
        <source>Include &amp;unverified events (bad or missing signature)</source>
        <translation>包括未验证的事件（签名错误或缺失）(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Enabled</source>
        <translation>启用(&amp;E)</translation>
    </message>
    <message>
        <source>Forwarding Rule</source>
        <translation>转发规则</translation>
    </message>
    <message>
        <source>Empty: every event</source>
        <translation>留空：所有事件</translation>
    </message>
    <message>
        <source>Your own system&apos;s webhook address (http:// or https://).</source>
        <translation>你们自己系统的 Webhook 地址（http:// 或 https://）。</translation>
    </message>
    <message>
        <source>Only events matching this filter are forwarded, in the filter bar&apos;s language, for example: channel:7 type:text</source>
        <translation>只转发符合此过滤条件的事件，写法与过滤栏相同，例如：channel:7 type:text</translation>
    </message>
    <message>
        <source>Off: only events whose signature verified are forwarded.</source>
        <translation>关闭时：只转发签名验证通过的事件。</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>URL(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation>过滤条件(&amp;F)：</translation>
    </message>
    <message>
        <source>%1 (at &quot;%2&quot;)</source>
        <translation>%1（位于“%2”）</translation>
    </message>
</context>
<context>
    <name>ForwardStatusText</name>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>无应答</translation>
    </message>
    <message>
        <source>due now</source>
        <translation>即将</translation>
    </message>
    <message>
        <source>in %1 s</source>
        <translation>%1 秒后</translation>
    </message>
    <message>
        <source>in %1 min</source>
        <translation>%1 分钟后</translation>
    </message>
    <message>
        <source>in %1 h</source>
        <translation>%1 小时后</translation>
    </message>
    <message>
        <source>Not forwarded: no forwarding rule was on and matched this event when it arrived. Rules are in Settings, Forwarding; Send to… sends it by hand.</source>
        <translation>未转发：此事件到达时没有已启用且匹配的转发规则。规则在“设置 › 转发”中；也可以用“发送到…”手动发送。</translation>
    </message>
    <message>
        <source>%1 at %2 (attempt %3)</source>
        <translation>%1，于 %2（第 %3 次尝试）</translation>
    </message>
    <message>
        <source>Forwarded: %1</source>
        <translation>已转发：%1</translation>
    </message>
    <message>
        <source>Given up: %1</source>
        <translation>已放弃：%1</translation>
    </message>
    <message>
        <source>Given up without an attempt</source>
        <translation>未尝试即已放弃</translation>
    </message>
    <message>
        <source>Pending: queued at %1, first attempt %2</source>
        <translation>待发送：%1 加入队列，%2进行首次尝试</translation>
    </message>
    <message>
        <source>Pending: %1; next attempt at %2 (%3)</source>
        <translation>待发送：%1；下次尝试于 %2（%3）</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>forwarded</source>
        <translation>已转发</translation>
    </message>
    <message>
        <source>given up</source>
        <translation>已放弃</translation>
    </message>
    <message>
        <source>Answer: %1</source>
        <translation>应答：%1</translation>
    </message>
    <message>
        <source>Forwarding</source>
        <translation>转发</translation>
    </message>
    <message>
        <source>Forwarding (given up)</source>
        <translation>转发（已放弃）</translation>
    </message>
    <message>
        <source>Forwarding (pending)</source>
        <translation>转发（待发送）</translation>
    </message>
    <message>
        <source>Forwarding (done)</source>
        <translation>转发（已完成）</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
</context>
<context>
    <name>ForwardingPage</name>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>删除(&amp;M)</translation>
    </message>
    <message>
        <source>Every event the receiver accepts is sent on to each rule that is on and whose filter it matches: the original body byte for byte, with SaleSmartly&apos;s query (timestamp and signature) and Content-Type, so a system that already checks SaleSmartly&apos;s signature accepts it; an X-HookScope-Event-Id header names the event. Only verified events go, unless a rule includes unverified ones. Failed attempts are retried with growing pauses for up to 24 hours; the inspector shows each event&apos;s forwarding status.</source>
        <translation>接收器收下的每个事件，都会转发给每条已启用且过滤条件匹配的规则：原始请求体逐字节不变，附带 SaleSmartly 的查询参数（timestamp 和 signature）及 Content-Type，因此已经在校验 SaleSmartly 签名的系统可以直接接受；另加 X-HookScope-Event-Id 请求头标明是哪个事件。默认只转发已验证的事件，除非规则包括未验证的事件。发送失败会以逐渐拉长的间隔重试，最长 24 小时；检查器中可查看每个事件的转发状态。</translation>
    </message>
    <message>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>过滤条件</translation>
    </message>
    <message>
        <source>Unverified too</source>
        <translation>含未验证</translation>
    </message>
    <message>
        <source>Double-click a rule to edit it; the first column turns it on or off.</source>
        <translation>双击规则可编辑；第一列用于启用或停用。</translation>
    </message>
    <message>
        <source>Forward to another URL</source>
        <translation>转发到另一个 URL</translation>
    </message>
    <message>
        <source>Rule %1 (%2): %3</source>
        <translation>规则 %1（%2）：%3</translation>
    </message>
    <message>
        <source>At most %1 rules.</source>
        <translation>最多 %1 条规则。</translation>
    </message>
    <message>
        <source>Add Forwarding Rule</source>
        <translation>添加转发规则</translation>
    </message>
    <message>
        <source>Edit Forwarding Rule</source>
        <translation>编辑转发规则</translation>
    </message>
    <message>
        <source>Forward by this rule</source>
        <translation>按此规则转发</translation>
    </message>
    <message>
        <source>(every event)</source>
        <translation>（所有事件）</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Rule %1 cannot be turned on: %2</source>
        <translation>无法启用规则 %1：%2</translation>
    </message>
</context>
<context>
    <name>GuiCommandLine</name>
    <message>
        <source>cannot use secret file &quot;%1&quot;: it is a folder</source>
        <translation>无法使用密钥文件 &quot;%1&quot;：它是一个文件夹</translation>
    </message>
    <message>
        <source>cannot use secret file &quot;%1&quot;: %2</source>
        <translation>无法使用密钥文件 &quot;%1&quot;：%2</translation>
    </message>
    <message>
        <source>cannot use secret file &quot;%1&quot;: it is not one short line</source>
        <translation>无法使用密钥文件 &quot;%1&quot;：内容不是单独一短行</translation>
    </message>
    <message>
        <source>cannot use secret file &quot;%1&quot;: it is empty</source>
        <translation>无法使用密钥文件 &quot;%1&quot;：文件为空</translation>
    </message>
    <message>
        <source>Receive SaleSmartly webhooks and watch them live.</source>
        <translation>接收 SaleSmartly 的 Webhook 并实时查看。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示本帮助。</translation>
    </message>
    <message>
        <source>Show this help and the Qt options HookScope accepts.</source>
        <translation>显示本帮助以及 HookScope 接受的 Qt 选项。</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>显示版本号。</translation>
    </message>
    <message>
        <source>Address to listen on, e.g. 127.0.0.1:8787 (port 0 picks a free port).</source>
        <translation>监听地址，例如 127.0.0.1:8787（端口 0 表示任选一个空闲端口）。</translation>
    </message>
    <message>
        <source>Webhook path, e.g. /webhook.</source>
        <translation>Webhook 路径，例如 /webhook。</translation>
    </message>
    <message>
        <source>Webhook key; HOOKSCOPE_SECRET is used when absent. Visible to other users in the process list: prefer --secret-file.</source>
        <translation>Webhook 密钥；未提供时使用 HOOKSCOPE_SECRET。它会在进程列表中被其他用户看到，建议改用 --secret-file。</translation>
    </message>
    <message>
        <source>Read the webhook key from FILE (one line; keep it chmod 600).</source>
        <translation>从 FILE 读取 Webhook 密钥（只有一行；请保持 chmod 600）。</translation>
    </message>
    <message>
        <source>Start offscreen with a temporary store, send signed deliveries through the receiver, check the stream, exit.</source>
        <translation>以无界面方式启动并使用临时数据库，通过接收器发送带签名的投递，检查消息流后退出。</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot;</source>
        <translation>无法识别的参数 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>give --secret or --secret-file, not both</source>
        <translation>--secret 与 --secret-file 只能二选一</translation>
    </message>
    <message>
        <source>secret file &quot;%1&quot; is readable by other users (chmod 600 &quot;%1&quot;)</source>
        <translation>密钥文件 &quot;%1&quot; 可被其他用户读取（请执行 chmod 600 &quot;%1&quot;）</translation>
    </message>
    <message>
        <source>
Qt options (read by Qt before HookScope sees the command line):
  -platform NAME           Window system plugin, e.g. xcb, wayland, offscreen.
  -style NAME              Widget style, e.g. fusion.
  -stylesheet FILE         Qt style sheet applied to the window.
  -reverse                 Right-to-left layout.
  -qwindowgeometry GEOM    First window&apos;s geometry, e.g. 1200x800+0+0.
  -qwindowtitle TITLE      First window&apos;s title.
  -display DISPLAY         X11 display to use (xcb only).
</source>
        <translation>
Qt 选项（由 Qt 在 HookScope 读取命令行之前处理）：
  -platform NAME           窗口系统插件，例如 xcb、wayland、offscreen。
  -style NAME              控件样式，例如 fusion。
  -stylesheet FILE         应用于窗口的 Qt 样式表。
  -reverse                 从右到左布局。
  -qwindowgeometry GEOM    第一个窗口的位置和大小，例如 1200x800+0+0。
  -qwindowtitle TITLE      第一个窗口的标题。
  -display DISPLAY         要使用的 X11 显示（仅限 xcb）。
</translation>
    </message>
    <message>
        <source>Event store: a file, or a PostgreSQL database as postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME (default: saved setting).</source>
        <translation>事件库：一个文件，或写作 postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME 的 PostgreSQL 数据库（默认：已保存的设置）。</translation>
    </message>
</context>
<context>
    <name>InboxPane</name>
    <message>
        <source>Search name, customer or session id, last message</source>
        <translation>搜索姓名、客户或会话 ID、最后一条消息</translation>
    </message>
    <message>
        <source>Reading the conversations…</source>
        <translation>正在读取会话…</translation>
    </message>
    <message>
        <source>No conversations yet: messages appear here as they arrive.</source>
        <translation>还没有会话：收到消息后会显示在这里。</translation>
    </message>
    <message>
        <source>No conversation matches &quot;%1&quot;.</source>
        <translation>没有与“%1”匹配的会话。</translation>
    </message>
</context>
<context>
    <name>InspectorPane</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收时间</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>查询参数</translation>
    </message>
    <message>
        <source>Tree</source>
        <translation>树形</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>原始</translation>
    </message>
    <message>
        <source>Deliveries</source>
        <translation>投递</translation>
    </message>
    <message>
        <source>Raw (%1 bytes)</source>
        <translation>原始（%1 字节）</translation>
    </message>
    <message>
        <source>Raw request</source>
        <translation>原始请求</translation>
    </message>
    <message>
        <source>Refusal</source>
        <translation>拒绝原因</translation>
    </message>
    <message>
        <source>Select an event or a refused delivery to inspect it.</source>
        <translation>选择一个事件或一次被拒绝的投递，即可查看详情。</translation>
    </message>
    <message>
        <source>Query (%1)</source>
        <translation>查询参数（%1）</translation>
    </message>
    <message>
        <source>Deliveries (%1)</source>
        <translation>投递（%1）</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源地址</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>请求头</translation>
    </message>
    <message>
        <source>&amp;Pretty-print JSON</source>
        <translation>格式化 JSON(&amp;P)</translation>
    </message>
    <message>
        <source>Indent the body, members in the order received (off: the bytes exactly as received)</source>
        <translation>缩进显示请求体，成员保持接收时的顺序（关闭时按接收到的原始字节显示）</translation>
    </message>
</context>
<context>
    <name>InspectorText</name>
    <message>
        <source>Event #%1</source>
        <translation>事件 #%1</translation>
    </message>
    <message>
        <source>customer %1</source>
        <translation>客户 %1</translation>
    </message>
    <message>
        <source>received %1</source>
        <translation>接收于 %1</translation>
    </message>
    <message>
        <source>1 delivery</source>
        <translation>1 次投递</translation>
    </message>
    <message>
        <source>%1 deliveries</source>
        <translation>%1 次投递</translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>过期</translation>
    </message>
    <message>
        <source>Refused delivery #%1</source>
        <translation>被拒绝的投递 #%1</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>来自 %1</translation>
    </message>
    <message>
        <source>The signature matched md5(secret&amp;data=&lt;data exactly as sent&gt;&amp;event=&lt;event&gt;).</source>
        <translation>签名与 md5(secret&amp;data=&lt;原样发送的 data&gt;&amp;event=&lt;event&gt;) 一致。</translation>
    </message>
    <message>
        <source>The signature matched md5(secret&amp;data=&lt;data exactly as sent&gt;&amp;event=&lt;event&gt;&amp;timestamp=&lt;timestamp&gt;): the sender includes the timestamp.</source>
        <translation>签名与 md5(secret&amp;data=&lt;原样发送的 data&gt;&amp;event=&lt;event&gt;&amp;timestamp=&lt;timestamp&gt;) 一致：发送方把时间戳也计入了签名。</translation>
    </message>
    <message>
        <source>The signature matched only a re-serialised copy of data, not the exact text that was sent. The sender is genuine if the secret is private, but its signing differs from SaleSmartly&apos;s: a weaker match.</source>
        <translation>签名只与重新序列化后的 data 一致，而与实际发送的原文不一致。只要密钥没有泄露，发送方就是真实的，但它的签名方式与 SaleSmartly 不同：这是较弱的匹配。</translation>
    </message>
    <message>
        <source>A signature was sent but matched none of the accepted base strings: the secret differs, or the body was changed on the way.</source>
        <translation>请求带有签名，但与任何可接受的签名原文都不一致：可能是密钥不同，或请求体在传输途中被改动。</translation>
    </message>
    <message>
        <source>The request had no signature parameter.</source>
        <translation>请求中没有签名参数。</translation>
    </message>
    <message>
        <source>Not checked: no secret was configured, or the verification policy is off.</source>
        <translation>未检查：没有设置密钥，或验证策略为关闭。</translation>
    </message>
    <message>
        <source>How it was reached</source>
        <translation>判定依据</translation>
    </message>
    <message>
        <source>The secret itself is never shown or stored with the event, nor is the signature it would give.</source>
        <translation>密钥本身从不显示，也不随事件保存；由它算出的签名同样不会保存。</translation>
    </message>
    <message>
        <source>Conflict: another event has this event&apos;s key %1 with different data.</source>
        <translation>冲突：另一个事件与本事件的键 %1 相同，但数据不同。</translation>
    </message>
    <message>
        <source>Conflict: the other events with this event&apos;s key %1 carry different data: %2. Only one of them can be what the sender sent; each verification word is about its own bytes.</source>
        <translation>冲突：与本事件的键 %1 相同的其他事件数据不同：%2。其中只有一个可能是发送方的原始内容；每个验证结果只针对各自的字节。</translation>
    </message>
    <message>
        <source>Stale: the delivery&apos;s timestamp was far from this machine&apos;s clock when it arrived. It may be an old delivery sent again.</source>
        <translation>过期：投递到达时，其时间戳与本机时钟相差太大，可能是旧的投递被再次发送。</translation>
    </message>
    <message>
        <source>This machine has no key configured.</source>
        <translation>本机没有设置密钥。</translation>
    </message>
    <message>
        <source>This machine&apos;s key: %1 (a fingerprint: the same key gives the same fingerprint on every machine, and it reveals nothing that signs a delivery).</source>
        <translation>本机密钥：%1（这是指纹：同一密钥在任何机器上的指纹都相同，且不会泄露任何可用于签名投递的信息）。</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>已拒绝</translation>
    </message>
</context>
<context>
    <name>InstanceRequests</name>
    <message>
        <source>Another store</source>
        <translation>另一个数据库</translation>
    </message>
    <message>
        <source>Another HookScope was started with the store %1. Switch the receiver to it?</source>
        <translation>又启动了一个 HookScope，指定的数据库是 %1。要让接收器改用这个数据库吗？</translation>
    </message>
</context>
<context>
    <name>KeychainSecretBackend</name>
    <message>
        <source>the keychain did not answer within %1 s</source>
        <translation>系统钥匙串在 %1 秒内没有响应</translation>
    </message>
    <message>
        <source>keychain error %1: %2</source>
        <translation>系统钥匙串出错（%1）：%2</translation>
    </message>
    <message>
        <source>the keychain entry is larger than %1 bytes</source>
        <translation>钥匙串中的条目超过 %1 字节</translation>
    </message>
</context>
<context>
    <name>ListenProbe</name>
    <message>
        <source>&quot;%1&quot; is not an IP address to listen on.</source>
        <translation>“%1”不是可以监听的 IP 地址。</translation>
    </message>
    <message>
        <source>%1 is already in use by another program.</source>
        <translation>%1 已被其他程序占用。</translation>
    </message>
    <message>
        <source>Cannot listen on %1: %2</source>
        <translation>无法在 %1 上监听：%2</translation>
    </message>
</context>
<context>
    <name>MainActions</name>
    <message>
        <source>&amp;Open Database…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <source>Show the &amp;Receiver&apos;s Store</source>
        <translation>显示接收器的数据库(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy Webhook &amp;URL</source>
        <translation>复制 Webhook 地址(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Filter…</source>
        <translation>筛选(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Save Current Filter…</source>
        <translation>保存当前筛选(&amp;S)…</translation>
    </message>
    <message>
        <source>Message &amp;Stream</source>
        <translation>消息流(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Customers</source>
        <translation>客户(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Refused Deliveries</source>
        <translation>被拒绝的投递(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Start Receiver</source>
        <translation>启动接收器(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top Receiver</source>
        <translation>停止接收器(&amp;T)</translation>
    </message>
    <message>
        <source>Send &amp;Test Delivery</source>
        <translation>发送测试投递(&amp;T)</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>设置(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;About HookScope</source>
        <translation>关于 HookScope(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Receiver</source>
        <translation>接收器(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Connect SaleSmartly…</source>
        <translation>连接 SaleSmartly(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Do Not Disturb</source>
        <translation>勿扰模式(&amp;D)</translation>
    </message>
    <message>
        <source>Conversation &amp;Inbox</source>
        <translation>会话收件箱(&amp;I)</translation>
    </message>
    <message>
        <source>Se&amp;nd Event To…</source>
        <translation>发送事件到(&amp;N)…</translation>
    </message>
    <message>
        <source>Send &amp;View To…</source>
        <translation>发送当前视图到(&amp;V)…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Stream</source>
        <translation>消息流</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Refused (%1)</source>
        <translation>已拒绝（%1）</translation>
    </message>
    <message>
        <source>%1 does not exist.</source>
        <translation>%1 不存在。</translation>
    </message>
    <message>
        <source>The receiver could not start: %1</source>
        <translation>接收器无法启动：%1</translation>
    </message>
    <message>
        <source>HookScope</source>
        <translation>HookScope</translation>
    </message>
    <message>
        <source>%1 — HookScope</source>
        <translation>%1 — HookScope</translation>
    </message>
    <message>
        <source>%1 (read-only) — HookScope</source>
        <translation>%1（只读）— HookScope</translation>
    </message>
    <message>
        <source>Start the receiver first (F5).</source>
        <translation>请先启动接收器（F5）。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>The settings were not saved: %1</source>
        <translation>设置未能保存：%1</translation>
    </message>
    <message>
        <source>Open Database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <source>HookScope stores (*.db);;All files (*)</source>
        <translation>HookScope 数据库 (*.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Finishing deliveries…</source>
        <translation>正在完成投递…</translation>
    </message>
    <message>
        <source>Copied %1 to the clipboard</source>
        <translation>已将 %1 复制到剪贴板</translation>
    </message>
    <message>
        <source>The URL for SaleSmartly: %1
The receiver listens on: %2</source>
        <translation>给 SaleSmartly 的 URL：%1
接收器监听地址：%2</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>收件箱</translation>
    </message>
    <message>
        <source>Send This Event To…</source>
        <translation>发送此事件到…</translation>
    </message>
    <message>
        <source>Sending a test delivery to %1… (shown with the filter test:yes)</source>
        <translation>正在向 %1 发送测试投递…（已用筛选条件 test:yes 显示）</translation>
    </message>
    <message>
        <source>The stream shows no events to send yet.</source>
        <translation>消息流中还没有可发送的事件。</translation>
    </message>
    <message>
        <source>Select an event in the stream first.</source>
        <translation>请先在消息流中选择一个事件。</translation>
    </message>
    <message>
        <source>every event the stream shows</source>
        <translation>消息流中显示的全部事件</translation>
    </message>
    <message>
        <source>event #%1</source>
        <translation>事件 #%1</translation>
    </message>
    <message>
        <source>Cannot retry forwarding: %1</source>
        <translation>无法重试转发：%1</translation>
    </message>
    <message>
        <source>it is no longer given up.</source>
        <translation>它已不再处于“已放弃”状态。</translation>
    </message>
    <message>
        <source>Forwarding to %1 queued again.</source>
        <translation>已重新排队转发到 %1。</translation>
    </message>
    <message>
        <source>Forwarding to %1 queued again; it is sent once a forwarding rule for that URL is on and the receiver runs.</source>
        <translation>已重新排队转发到 %1；当该地址的转发规则已启用且接收器正在运行时即会发送。</translation>
    </message>
    <message>
        <source>Sending a test delivery to %1… Your filter hides test deliveries: add test:yes to see it.</source>
        <translation>正在向 %1 发送测试投递…当前筛选条件会隐藏测试投递：加上 test:yes 即可看到。</translation>
    </message>
    <message>
        <source>Sending a test delivery to %1…</source>
        <translation>正在向 %1 发送测试投递…</translation>
    </message>
    <message>
        <source>The event store was upgraded.</source>
        <translation>数据库已升级。</translation>
    </message>
    <message>
        <source>Upgrading the event store from schema %1 to %2 (schema %3 is the last): %4%…</source>
        <translation>正在升级数据库：架构 %1 → %2（共升级到架构 %3）：%4%…</translation>
    </message>
</context>
<context>
    <name>NotificationRules</name>
    <message>
        <source>A customer</source>
        <translation>一位客户</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>“%1” — %2 on %3</source>
        <translation>关键词“%1”：%2（%3）</translation>
    </message>
    <message>
        <source>[%1] %2</source>
        <translation>[%1] %2</translation>
    </message>
    <message numerus="yes">
        <source>%n new messages match your keywords</source>
        <translation>
            <numerusform>%n 条新消息命中关键词</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new messages on %1</source>
        <translation>
            <numerusform>%1 有 %n 条新消息</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new messages on %1 channels</source>
        <translation>
            <numerusform>%1 个渠道共有 %n 条新消息</numerusform>
        </translation>
    </message>
    <message>
        <source>Latest: %1</source>
        <translation>最新：%1</translation>
    </message>
    <message>
        <source>The receiver stopped</source>
        <translation>接收器已停止</translation>
    </message>
    <message>
        <source>Deliveries are not being received.</source>
        <translation>目前收不到任何推送。</translation>
    </message>
    <message>
        <source>The store cannot save deliveries</source>
        <translation>数据库无法保存推送</translation>
    </message>
    <message>
        <source>Deliveries are being refused</source>
        <translation>推送接连被拒绝</translation>
    </message>
    <message numerus="yes">
        <source>At least %n deliveries were refused or failed their signature check within a minute. Is the secret the same as SaleSmartly&apos;s webhook key?</source>
        <translation>
            <numerusform>一分钟内至少有 %n 次推送被拒绝或签名校验失败。请确认密钥与 SaleSmartly 的 Webhook 密钥一致。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NotificationsPage</name>
    <message>
        <source>Desktop notifications</source>
        <translation>桌面通知</translation>
    </message>
    <message>
        <source>New customer &amp;messages</source>
        <translation>客户新消息(&amp;M)</translation>
    </message>
    <message>
        <source>Channels whose messages notify:</source>
        <translation>以下渠道的消息会提醒：</translation>
    </message>
    <message>
        <source>&amp;Keywords, one per line: a customer message containing one always notifies, even on a muted channel or with messages off. Case does not matter.</source>
        <translation>关键词(&amp;K)，每行一个：客户消息只要包含其中之一就一定会提醒，即使该渠道已静音或消息提醒已关闭。不区分大小写。</translation>
    </message>
    <message>
        <source>refund
urgent</source>
        <translation>退款
加急</translation>
    </message>
    <message>
        <source>A &amp;burst of refused or unverified deliveries</source>
        <translation>短时间内大量推送被拒绝或未通过校验(&amp;B)</translation>
    </message>
    <message>
        <source>Five or more within a minute; then quiet for five minutes.</source>
        <translation>一分钟内达到五次即提醒，之后五分钟内不再重复提醒。</translation>
    </message>
    <message>
        <source>The &amp;store cannot save deliveries</source>
        <translation>数据库无法保存推送(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Do not disturb: nothing pops up (unread counts still change)</source>
        <translation>勿扰模式(&amp;D)：不弹出任何通知（未读数仍会更新）</translation>
    </message>
    <message>
        <source>Closing the window</source>
        <translation>关闭窗口时</translation>
    </message>
    <message>
        <source>Keep the receiver running in the &amp;tray when the window is closed</source>
        <translation>关闭窗口后让接收器在托盘中继续运行(&amp;T)</translation>
    </message>
    <message>
        <source>No system tray was found: closing the window quits.</source>
        <translation>未检测到系统托盘：关闭窗口即退出程序。</translation>
    </message>
    <message>
        <source>The rece&amp;iver fails</source>
        <translation>接收器出错(&amp;I)</translation>
    </message>
</context>
<context>
    <name>PayloadTreeModel</name>
    <message>
        <source>not valid JSON: %1 at byte %2</source>
        <translation>不是有效的 JSON：%1（位于第 %2 字节）</translation>
    </message>
    <message>
        <source>payload</source>
        <translation>载荷</translation>
    </message>
    <message>
        <source>object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>array</source>
        <translation>数组</translation>
    </message>
    <message>
        <source>string</source>
        <translation>字符串</translation>
    </message>
    <message>
        <source>string (JSON)</source>
        <translation>字符串（JSON）</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>bool</source>
        <translation>布尔值</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>invalid JSON</source>
        <translation>无效的 JSON</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>not a JSON object or array</source>
        <translation>不是 JSON 对象或数组</translation>
    </message>
</context>
<context>
    <name>PayloadTreeView</name>
    <message>
        <source>Copy &amp;Value</source>
        <translation>复制值(&amp;V)</translation>
    </message>
    <message>
        <source>Copy &amp;Path</source>
        <translation>复制路径(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Expand All</source>
        <translation>全部展开(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Collapse All</source>
        <translation>全部折叠(&amp;C)</translation>
    </message>
</context>
<context>
    <name>ReceiverController</name>
    <message>
        <source>%1 The receiver keeps listening on %2 and the receiver settings were not changed.</source>
        <translation>%1接收器继续在 %2 上监听，接收器设置未作更改。</translation>
    </message>
    <message>
        <source>%1 The database setting was not changed.</source>
        <translation>%1 数据库设置未更改。</translation>
    </message>
    <message>
        <source>The saved settings keep no passwords: remove it from the URL and put it in ~/.pgpass (or PGPASSWORD). The settings were not changed.</source>
        <translation>已保存的设置不保存密码：请从 URL 中删除密码，并放入 ~/.pgpass（或 PGPASSWORD）。设置未更改。</translation>
    </message>
    <message>
        <source>Forwarding works only with a database file for now: turn the forwarding rules off to use a PostgreSQL store. The settings were not changed.</source>
        <translation>转发目前仅适用于数据库文件：要使用 PostgreSQL 事件库，请先关闭转发规则。设置未更改。</translation>
    </message>
</context>
<context>
    <name>ReceiverStatusWidget</name>
    <message>
        <source>Copy URL</source>
        <translation>复制地址</translation>
    </message>
    <message>
        <source>Copy the webhook URL to paste into SaleSmartly&apos;s webhook settings</source>
        <translation>复制 Webhook 地址，粘贴到 SaleSmartly 的 Webhook 设置中</translation>
    </message>
    <message>
        <source>Listening on</source>
        <translation>正在监听</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>(would listen on %1)</source>
        <translation>（启动后将监听 %1）</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>Received %1 · Verified %2 · Refused %3</source>
        <translation>已接收 %1 · 已验证 %2 · 已拒绝 %3</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <source>Since HookScope started (across receiver restarts): %1 stored, %2 failed to store, %3 waiting for their commit</source>
        <translation>自 HookScope 启动以来（含接收器重启）：已存储 %1 条，存储失败 %2 条，%3 条等待提交</translation>
    </message>
</context>
<context>
    <name>RefusedModel</name>
    <message>
        <source>(first %1 of %2)</source>
        <extracomment>A refused delivery&apos;s body, of which only the start was kept, e.g. &quot;(first 64 KiB of 16 MiB)&quot;</extracomment>
        <translation>（%2 中的前 %1）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态码</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>来源地址</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>请求体</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
</context>
<context>
    <name>RefusedPane</name>
    <message>
        <source>Deliveries the receiver answered with an error. They are kept with their reason and the raw request (the first 64 KiB of a body, the newest refusals only); select one to inspect it.</source>
        <translation>接收器以错误应答的投递。它们连同原因和原始请求一起保存（请求体只保留前 64 KiB，且只保留最近的拒绝记录）；选择一条即可查看详情。</translation>
    </message>
    <message>
        <source>Copy Cell</source>
        <translation>复制单元格</translation>
    </message>
    <message>
        <source>&amp;Re-verify with Current Secret</source>
        <translation>用当前密钥重新验证(&amp;R)</translation>
    </message>
    <message>
        <source>Check the selected delivery&apos;s signature again with the secret and policy set now; when it verifies it becomes an event</source>
        <translation>用当前设置的密钥和验证策略重新检查所选投递的签名；验证通过后它会成为一个事件</translation>
    </message>
    <message>
        <source>Copy as c&amp;url</source>
        <translation>复制为 curl 命令(&amp;U)</translation>
    </message>
    <message>
        <source>A shell command that sends the selected delivery again, byte for byte, to this receiver</source>
        <translation>一条 shell 命令，把所选投递逐字节原样重新发送到本接收器</translation>
    </message>
    <message>
        <source>Copy Ra&amp;w Request</source>
        <translation>复制原始请求(&amp;W)</translation>
    </message>
    <message>
        <source>The request line, headers and body as received</source>
        <translation>接收时的请求行、请求头和请求体</translation>
    </message>
    <message>
        <source>Re-verify with Current Secret</source>
        <translation>用当前密钥重新验证</translation>
    </message>
</context>
<context>
    <name>RefusedRequest</name>
    <message>
        <source># Only the first %1 of %2 bytes of the body were kept: this sends that part only.</source>
        <translation># 请求体只保留了前 %1 字节（共 %2 字节）：此命令只会发送这一部分。</translation>
    </message>
    <message>
        <source># The query was cut when it was stored.</source>
        <translation># 查询字符串在保存时已被截断。</translation>
    </message>
</context>
<context>
    <name>RefusedReverify</name>
    <message>
        <source>there is no store at %1</source>
        <translation>%1 处没有数据库</translation>
    </message>
    <message>
        <source>Refused delivery #%1 verifies now (%2): it was a retry of event #%3, which counts it as one more delivery.</source>
        <translation>被拒投递 #%1 现在验证通过（%2）：它是事件 #%3 的一次重试，已计为该事件的又一次投递。</translation>
    </message>
    <message>
        <source>Refused delivery #%1 verifies now (%2): it is event #%3.</source>
        <translation>被拒投递 #%1 现在验证通过（%2）：已成为事件 #%3。</translation>
    </message>
    <message>
        <source>Refused delivery #%1 still does not verify with the current secret: %2</source>
        <translation>被拒投递 #%1 用当前密钥仍然无法通过验证：%2</translation>
    </message>
    <message>
        <source>Refused delivery #%1 still does not verify (%2); it stays refused.</source>
        <translation>被拒投递 #%1 仍未通过验证（%2），保持被拒状态。</translation>
    </message>
    <message>
        <source>Refused delivery #%1 cannot be re-verified: only the start of its body or query was kept, and the signature covers every byte.</source>
        <translation>被拒投递 #%1 无法重新验证：只保存了请求体或查询字符串的开头部分，而签名覆盖每一个字节。</translation>
    </message>
    <message>
        <source>Refused delivery #%1 was refused for its path or method (%2), not its signature: there is nothing to re-verify.</source>
        <translation>被拒投递 #%1 是因为路径或请求方法被拒（%2），与签名无关：没有可重新验证的内容。</translation>
    </message>
    <message>
        <source>No secret is configured, or verification is off: set the secret in the settings first.</source>
        <translation>尚未配置密钥，或验证已关闭：请先在设置中填写密钥。</translation>
    </message>
    <message>
        <source>Refused delivery #%1 is no longer in the store.</source>
        <translation>被拒投递 #%1 已不在数据库中。</translation>
    </message>
    <message>
        <source>Refused delivery #%1 could not be re-verified: %2</source>
        <translation>被拒投递 #%1 无法重新验证：%2</translation>
    </message>
</context>
<context>
    <name>RowFilterMenu</name>
    <message>
        <source>Filter on this customer (%1)</source>
        <translation>只看此客户（%1）</translation>
    </message>
    <message>
        <source>Filter on this session (%1)</source>
        <translation>只看此会话（%1）</translation>
    </message>
    <message>
        <source>Filter on this channel (%1)</source>
        <translation>只看此渠道（%1）</translation>
    </message>
    <message>
        <source>Filter on this type (%1)</source>
        <translation>只看此类型（%1）</translation>
    </message>
    <message>
        <source>Exclude this customer (%1)</source>
        <translation>排除此客户（%1）</translation>
    </message>
    <message>
        <source>Exclude this session (%1)</source>
        <translation>排除此会话（%1）</translation>
    </message>
    <message>
        <source>Exclude this channel (%1)</source>
        <translation>排除此渠道（%1）</translation>
    </message>
    <message>
        <source>Exclude this type (%1)</source>
        <translation>排除此类型（%1）</translation>
    </message>
</context>
<context>
    <name>SaveFilterDialog</name>
    <message>
        <source>Saved filter</source>
        <translation>保存的筛选</translation>
    </message>
    <message>
        <source>Filter name</source>
        <translation>筛选名称</translation>
    </message>
    <message>
        <source>A short name, such as “Unverified WhatsApp today”</source>
        <translation>简短的名称，例如“今天未验证的 WhatsApp”</translation>
    </message>
</context>
<context>
    <name>SavedFiltersPanel</name>
    <message>
        <source>Saved filters</source>
        <translation>保存的筛选</translation>
    </message>
    <message>
        <source>Save the current filter under a name</source>
        <translation>以一个名称保存当前筛选</translation>
    </message>
    <message>
        <source>Save current filter</source>
        <translation>保存当前筛选</translation>
    </message>
    <message>
        <source>Name for the filter “%1”:</source>
        <translation>为筛选“%1”取个名称：</translation>
    </message>
    <message>
        <source>New name for “%1”:</source>
        <translation>“%1”的新名称：</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>SelfTest</name>
    <message>
        <source>cannot create a temporary folder: %1</source>
        <translation>无法创建临时文件夹：%1</translation>
    </message>
    <message>
        <source>the receiver did not start: %1</source>
        <translation>接收器未能启动：%1</translation>
    </message>
    <message>
        <source>%1 of %2 deliveries answered 200, %3 rows shown, %4 verified</source>
        <translation>%2 次投递中有 %1 次应答 200，显示 %3 行，已验证 %4 条</translation>
    </message>
</context>
<context>
    <name>SendToDialog</name>
    <message>
        <source>Send To</source>
        <translation>发送到</translation>
    </message>
    <message>
        <source>1 event</source>
        <translation>1 个事件</translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation>%1 个事件</translation>
    </message>
    <message>
        <source>Send %1 (%2) to this URL?</source>
        <translation>将%1（%2）发送到此 URL？</translation>
    </message>
    <message>
        <source>Each event is sent once, as forwarding sends it: its original body and SaleSmartly&apos;s query (timestamp and signature), plus an X-HookScope-Event-Id header. Nothing is queued or retried.</source>
        <translation>每个事件按转发的方式发送一次：原始请求体和 SaleSmartly 的查询参数（timestamp 和 signature），另加 X-HookScope-Event-Id 请求头。不排队，也不重试。</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>URL(&amp;U)：</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>应答</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件数</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <source>Sent %1 of %2 to %3…</source>
        <translation>已发送 %1 / %2 个到 %3…</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>无应答</translation>
    </message>
    <message>
        <source>Cancelled: %1 of %2 events were sent before it stopped.</source>
        <translation>已取消：停止前已发送 %1 / %2 个事件。</translation>
    </message>
    <message>
        <source>The event was accepted (2xx) by %1.</source>
        <translation>%1 已接受该事件（2xx）。</translation>
    </message>
    <message>
        <source>All %1 events were accepted (2xx) by %2.</source>
        <translation>%2 已接受全部 %1 个事件（2xx）。</translation>
    </message>
    <message>
        <source>%1 of %2 events were accepted (2xx) by %3; the others are listed below.</source>
        <translation>%3 接受了 %2 个事件中的 %1 个（2xx）；其余的见下表。</translation>
    </message>
</context>
<context>
    <name>SessionListModel</name>
    <message>
        <source>Agent: %1</source>
        <translation>客服：%1</translation>
    </message>
    <message>
        <source>agent #%1</source>
        <translation>客服 #%1</translation>
    </message>
    <message>
        <source>unassigned / bot</source>
        <translation>未分配 / 机器人</translation>
    </message>
    <message>
        <source>Customer %1 (no session)</source>
        <translation>客户 %1（无会话）</translation>
    </message>
    <message>
        <source>Customer %1 · session %2</source>
        <translation>客户 %1 · 会话 %2</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Last message</source>
        <translation>最后一条消息</translation>
    </message>
    <message>
        <source>Last message sent</source>
        <translation>最后发送时间</translation>
    </message>
    <message>
        <source>Unread</source>
        <translation>未读</translation>
    </message>
    <message>
        <source>Serving agent</source>
        <translation>接待客服</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>S&amp;tart the receiver when HookScope starts</source>
        <translation>HookScope 启动时同时启动接收器(&amp;T)</translation>
    </message>
    <message>
        <source>HookScope Settings</source>
        <translation>HookScope 设置</translation>
    </message>
    <message>
        <source>0 (any free port)</source>
        <translation>0（任选空闲端口）</translation>
    </message>
    <message>
        <source>SaleSmartly webhook key (empty: deliveries are not checked)</source>
        <translation>SaleSmartly 的 Webhook 密钥（留空则不检查投递）</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show or hide the secret</source>
        <translation>显示或隐藏密钥</translation>
    </message>
    <message>
        <source>Show secret</source>
        <translation>显示密钥</translation>
    </message>
    <message>
        <source>Strict: refuse bad or missing signatures (401)</source>
        <translation>严格：拒绝签名错误或缺少签名的投递（401）</translation>
    </message>
    <message>
        <source>Record: accept them, flagged</source>
        <translation>记录：照常接收，但加以标记</translation>
    </message>
    <message>
        <source>Off: do not check signatures</source>
        <translation>关闭：不检查签名</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose the database file</source>
        <translation>选择数据库文件</translation>
    </message>
    <message>
        <source>Listen &amp;address:</source>
        <translation>监听地址(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>Webhook pat&amp;h:</source>
        <translation>Webhook 路径(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Secret:</source>
        <translation>密钥(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Database file:</source>
        <translation>数据库文件(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Verification:</source>
        <translation>验证(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Receiver</source>
        <translation>接收器(&amp;R)</translation>
    </message>
    <message>
        <source>Security and &amp;Limits</source>
        <translation>安全与限制(&amp;L)</translation>
    </message>
    <message>
        <source>The listen address is empty (127.0.0.1 listens on this computer only; 0.0.0.0 on every network).</source>
        <translation>监听地址为空（127.0.0.1 只在本机监听；0.0.0.0 在所有网络上监听）。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IP address.</source>
        <translation>“%1”不是 IP 地址。</translation>
    </message>
    <message>
        <source>The webhook path may not contain spaces.</source>
        <translation>Webhook 路径中不能有空格。</translation>
    </message>
    <message>
        <source>The database file is empty.</source>
        <translation>数据库文件未填写。</translation>
    </message>
    <message>
        <source>Database File</source>
        <translation>数据库文件</translation>
    </message>
    <message>
        <source>HookScope stores (*.db);;All files (*)</source>
        <translation>HookScope 数据库 (*.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Publ&amp;ic URL:</source>
        <translation>公网地址(&amp;I)：</translation>
    </message>
    <message>
        <source>The address SaleSmartly is given when the receiver is reached through a reverse proxy or a tunnel, such as https://hooks.example.com/salesmartly. Copy URL copies it and the status bar shows it. Empty: the listen address is used.</source>
        <translation>当接收器通过反向代理或隧道对外提供服务时，填写给 SaleSmartly 的地址，例如 https://hooks.example.com/salesmartly。“复制地址”复制的就是它，状态栏也显示它。留空则使用监听地址。</translation>
    </message>
    <message>
        <source>Empty: the listen address (behind a proxy or tunnel: its https:// URL)</source>
        <translation>留空则使用监听地址（使用代理或隧道时，填写其 https:// 地址）</translation>
    </message>
    <message>
        <source>&amp;Window</source>
        <translation>窗口(&amp;W)</translation>
    </message>
    <message>
        <source>Lan&amp;guage:</source>
        <translation>语言(&amp;G)：</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>A new language takes effect the next time HookScope starts. “System default” follows the language of the desktop session.</source>
        <translation>更改语言后，下次启动 HookScope 时生效。“跟随系统”即使用桌面会话的语言。</translation>
    </message>
    <message>
        <source>The public URL is longer than %1 characters.</source>
        <translation>公网地址超过了 %1 个字符。</translation>
    </message>
    <message>
        <source>The public URL must be an http:// or https:// address with a host name, such as https://hooks.example.com/salesmartly.</source>
        <translation>公网地址必须是带主机名的 http:// 或 https:// 地址，例如 https://hooks.example.com/salesmartly。</translation>
    </message>
    <message>
        <source>hookscope-cli serve and the hookscope.service user unit read the secret from this file (--secret-file)</source>
        <translation>hookscope-cli serve 和 hookscope.service 用户单元从这个文件读取密钥（--secret-file）</translation>
    </message>
    <message>
        <source>The secret is kept in the system keychain when there is one, else in a file only you can read; never in the settings file. Changes apply at once: the receiver restarts.</source>
        <translation>密钥保存在系统钥匙串中（如果有的话），否则保存在只有你能读取的文件里，绝不写入设置文件。更改立即生效：接收器会重新启动。</translation>
    </message>
    <message>
        <source>hookscope-cli serve and the hookscope.service user unit read the secret from %1 (--secret-file)</source>
        <translation>hookscope-cli serve 和 hookscope.service 用户单元从 %1 读取密钥（--secret-file）</translation>
    </message>
    <message>
        <source>Keep a cop&amp;y of the secret for the background service</source>
        <translation>为后台服务保留一份密钥副本(&amp;Y)</translation>
    </message>
    <message>
        <source>N&amp;otifications</source>
        <translation>通知(&amp;O)</translation>
    </message>
    <message>
        <source>Forwarding</source>
        <translation>转发</translation>
    </message>
    <message>
        <source>Load re&amp;mote images in conversations</source>
        <translation>在对话中加载远程图片(&amp;M)</translation>
    </message>
    <message>
        <source>Image messages of verified deliveries show a thumbnail fetched from the sender&apos;s link. Off: only the link is shown.</source>
        <translation>已验证推送中的图片消息会显示从发送方链接获取的缩略图。关闭时只显示链接。</translation>
    </message>
</context>
<context>
    <name>SettingsDialogLimitsPage</name>
    <message>
        <source>there is no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>it is a folder</source>
        <translation>这是一个文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Ref&amp;use stale deliveries (strict policy)</source>
        <translation>拒绝过期的投递（严格策略）(&amp;U)</translation>
    </message>
    <message>
        <source>Empty: plain HTTP</source>
        <translation>留空：使用普通 HTTP</translation>
    </message>
    <message>
        <source>None (e.g. 10.0.0.5, ::1, 10.0.0.0/8)</source>
        <translation>无（例如 10.0.0.5, ::1, 10.0.0.0/8）</translation>
    </message>
    <message>
        <source> KiB</source>
        <translation> KiB</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Browse for the certificate file</source>
        <translation>浏览证书文件</translation>
    </message>
    <message>
        <source>Browse for the private key file</source>
        <translation>浏览私钥文件</translation>
    </message>
    <message>
        <source>TLS Certificate</source>
        <translation>TLS 证书</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>PEM 证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <source>TLS Private Key</source>
        <translation>TLS 私钥</translation>
    </message>
    <message>
        <source>PEM keys (*.pem *.key);;All files (*)</source>
        <translation>PEM 私钥 (*.pem *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>With both a certificate and its private key (PEM files) the receiver speaks HTTPS; with neither, plain HTTP.</source>
        <translation>同时提供证书及其私钥（PEM 文件）时，接收器使用 HTTPS；两者都不提供时，使用普通 HTTP。</translation>
    </message>
    <message>
        <source>Choose the certificate file (PEM)</source>
        <translation>选择证书文件（PEM）</translation>
    </message>
    <message>
        <source>Choose the private key file (PEM)</source>
        <translation>选择私钥文件（PEM）</translation>
    </message>
    <message>
        <source>Deliveries larger than this are refused with 413 before their body is read. SaleSmartly sends a few KiB; the default is 1024 KiB.</source>
        <translation>超过此大小的投递在读取请求体之前即以 413 拒绝。SaleSmartly 每次只发送几 KiB；默认值为 1024 KiB。</translation>
    </message>
    <message>
        <source>Open connections at most, from all senders together (default 1024, lowered to what the open-file limit allows). Connections past this are refused.</source>
        <translation>所有发送方合计最多可同时打开的连接数（默认 1024，若打开文件数上限较低则相应降低）。超出的连接将被拒绝。</translation>
    </message>
    <message>
        <source>Open connections at most from one address (default 64), so that one sender cannot take them all.</source>
        <translation>单个地址最多可同时打开的连接数（默认 64），以免一个发送方占满所有连接。</translation>
    </message>
    <message>
        <source>IP addresses or subnets of reverse proxies in front of HookScope, separated by commas. Only for these is X-Forwarded-For believed to name the real sender. Leave empty without a proxy.</source>
        <translation>位于 HookScope 前面的反向代理的 IP 地址或子网，以逗号分隔。只有来自这些地址的请求，才相信其 X-Forwarded-For 所标明的真实发送方。没有代理时请留空。</translation>
    </message>
    <message>
        <source>A delivery whose signed timestamp is further than this from this computer&apos;s clock is marked stale (default 10 min).</source>
        <translation>带签名的时间戳与本机时钟相差超过此时长的投递，将被标记为过期（默认 10 分钟）。</translation>
    </message>
    <message>
        <source>HTTPS</source>
        <translation>HTTPS</translation>
    </message>
    <message>
        <source>&amp;Certificate file:</source>
        <translation>证书文件(&amp;C)：</translation>
    </message>
    <message>
        <source>Private &amp;key file:</source>
        <translation>私钥文件(&amp;K)：</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>限制</translation>
    </message>
    <message>
        <source>Maximum &amp;body size:</source>
        <translation>请求体大小上限(&amp;B)：</translation>
    </message>
    <message>
        <source>Total co&amp;nnections:</source>
        <translation>连接总数(&amp;N)：</translation>
    </message>
    <message>
        <source>Connections p&amp;er address:</source>
        <translation>每个地址的连接数(&amp;E)：</translation>
    </message>
    <message>
        <source>Senders</source>
        <translation>发送方</translation>
    </message>
    <message>
        <source>Trusted pro&amp;xies:</source>
        <translation>受信任的代理(&amp;X)：</translation>
    </message>
    <message>
        <source>Stale a&amp;fter:</source>
        <translation>过期时限(&amp;F)：</translation>
    </message>
    <message>
        <source>HTTPS needs both a certificate and a private key file; clear both for plain HTTP.</source>
        <translation>HTTPS 需要同时提供证书文件和私钥文件；若要使用普通 HTTP，请把两者都清空。</translation>
    </message>
    <message>
        <source>Cannot read the certificate file &quot;%1&quot;: %2.</source>
        <translation>无法读取证书文件“%1”：%2。</translation>
    </message>
    <message>
        <source>Cannot read the private key file &quot;%1&quot;: %2.</source>
        <translation>无法读取私钥文件“%1”：%2。</translation>
    </message>
    <message>
        <source>Trusted proxy &quot;%1&quot; is not an IP address or subnet.</source>
        <translation>受信任的代理“%1”不是 IP 地址或子网。</translation>
    </message>
    <message>
        <source>Refuse a stale delivery (it is recorded as refused) instead of storing it marked stale.</source>
        <translation>拒绝过期的投递（记为已拒绝），而不是将其标记为过期后保存。</translation>
    </message>
    <message>
        <source>Only the strict verification policy refuses deliveries; choose it on the Receiver tab to use this.</source>
        <translation>只有严格验证策略才会拒绝投递；要使用此项，请在“接收器”选项卡中选择严格策略。</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>cannot create the lock file %1</source>
        <translation>无法创建锁文件 %1</translation>
    </message>
    <message>
        <source>HookScope is running but does not answer (%1).</source>
        <translation>HookScope 正在运行，但没有响应（%1）。</translation>
    </message>
    <message>
        <source>HookScope is running but did not accept the request (%1).</source>
        <translation>HookScope 正在运行，但没有接受这次请求（%1）。</translation>
    </message>
    <message>
        <source>hookscope: the running window keeps its receiver settings; --listen, --path and the secret given here were not passed to it.</source>
        <translation>hookscope：正在运行的窗口沿用自己的接收器设置，这里给出的 --listen、--path 和密钥不会传给它。</translation>
    </message>
    <message>
        <source>HookScope is already running; raised its window.</source>
        <translation>HookScope 已在运行，已把它的窗口调到最前。</translation>
    </message>
</context>
<context>
    <name>StoreBanner</name>
    <message>
        <source>Back to the Receiver&apos;s Store</source>
        <translation>返回接收器的数据库</translation>
    </message>
    <message>
        <source>Showing %1 read-only. The receiver keeps storing new deliveries in %2.</source>
        <translation>正在以只读方式显示 %1。接收器仍在把新的投递保存到 %2。</translation>
    </message>
</context>
<context>
    <name>StreamDelegate</name>
    <message>
        <source>test</source>
        <extracomment>A small badge on events sent as a test delivery; keep it short</extracomment>
        <translation>测试</translation>
    </message>
</context>
<context>
    <name>StreamPane</name>
    <message>
        <source>&amp;Follow Newest</source>
        <translation>跟随最新(&amp;F)</translation>
    </message>
    <message>
        <source>Keep the newest row in view (scrolling up turns this off)</source>
        <translation>始终显示最新的一行（向上滚动即关闭）</translation>
    </message>
    <message>
        <source>&amp;Pause Stream</source>
        <translation>暂停消息流(&amp;P)</translation>
    </message>
    <message>
        <source>Hold new rows back; they are counted and shown on resume</source>
        <translation>暂不显示新行；新行会被计数，恢复后再显示</translation>
    </message>
    <message>
        <source>Copy Selected Rows</source>
        <translation>复制所选行</translation>
    </message>
    <message>
        <source>Copy Cell</source>
        <translation>复制单元格</translation>
    </message>
    <message>
        <source>Copy Payload</source>
        <translation>复制载荷</translation>
    </message>
    <message>
        <source>Loading… %1 events</source>
        <translation>正在加载… %1 个事件</translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation>%1 个事件</translation>
    </message>
    <message>
        <source>Paused: %1 new</source>
        <translation>已暂停：%1 条新事件</translation>
    </message>
    <message>
        <source>Times to the &amp;Millisecond</source>
        <translation>时间精确到毫秒(&amp;M)</translation>
    </message>
    <message>
        <source>Show the Time and Sent columns to the millisecond (ten messages in one second read apart)</source>
        <translation>将“时间”和“发送时间”列精确到毫秒（同一秒内的十条消息也能分清先后）</translation>
    </message>
    <message>
        <source>Fit Columns to Contents</source>
        <translation>列宽适应内容</translation>
    </message>
</context>
<context>
    <name>TeamStoreStatus</name>
    <message>
        <source>Team store: connecting…</source>
        <translation>团队事件库：正在连接…</translation>
    </message>
    <message>
        <source>Team store: copying %1 of %2 deliveries…</source>
        <translation>团队事件库：正在复制第 %1 / %2 次投递…</translation>
    </message>
    <message>
        <source>Team store: live</source>
        <translation>团队事件库：实时</translation>
    </message>
    <message numerus="yes">
        <source>Team store: connection lost, retrying in %n s</source>
        <translation>
            <numerusform>团队事件库：连接已断开，%n 秒后重试</numerusform>
        </translation>
    </message>
    <message>
        <source>Team store: the desk copy stopped</source>
        <translation>团队事件库：本机副本已停止</translation>
    </message>
    <message>
        <source> · read-only</source>
        <translation> · 只读</translation>
    </message>
    <message>
        <source>This window shows a copy of %1 kept on this computer; new events appear within a second of any receiver&apos;s commit.</source>
        <translation>此窗口显示保存在本机上的 %1 副本；任一接收器提交后，新事件会在一秒内出现。</translation>
    </message>
    <message>
        <source>The database role may only read: this desk can view, not receive.</source>
        <translation>该数据库角色只能读取：此工作台可以查看，不能接收。</translation>
    </message>
    <message>
        <source>The events copied before the connection was lost are shown; the rest follow once it is back.</source>
        <translation>显示的是连接断开前已复制的事件；连接恢复后其余事件会随之出现。</translation>
    </message>
</context>
<context>
    <name>TestDeliverySender</name>
    <message>
        <source>A test delivery is still being sent.</source>
        <translation>上一次测试投递仍在发送中。</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>%1 connection errors</source>
        <translation>%1 次连接错误</translation>
    </message>
    <message>
        <source>Test delivery: %1 sent, answers %2.</source>
        <translation>测试投递：已发送 %1 次，应答 %2。</translation>
    </message>
    <message>
        <source>401 means the signature was refused: check the secret.</source>
        <translation>401 表示签名被拒绝：请检查密钥。</translation>
    </message>
</context>
<context>
    <name>ThumbnailLoader</name>
    <message>
        <source>redirected away from the web</source>
        <translation>被重定向到了非网页地址</translation>
    </message>
    <message>
        <source>larger than %1 MiB</source>
        <translation>超过 %1 MiB</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>not an image</source>
        <translation>不是图片</translation>
    </message>
    <message>
        <source>image too large (%1 × %2)</source>
        <translation>图片尺寸过大（%1 × %2）</translation>
    </message>
</context>
<context>
    <name>TimeText</name>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>%n 秒前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n 分钟前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>%n 小时前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d ago</source>
        <translation>
            <numerusform>%n 天前</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelineDelegate</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Remark name</source>
        <translation>备注名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Ad referral</source>
        <translation>广告来源</translation>
    </message>
    <message>
        <source>Custom fields</source>
        <translation>自定义字段</translation>
    </message>
    <message>
        <source>Custom field: %1</source>
        <translation>自定义字段：%1</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Old</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>%1 · unverified</source>
        <translation>%1 · 未验证</translation>
    </message>
</context>
<context>
    <name>TrayHost</name>
    <message>
        <source>Close HookScope</source>
        <translation>关闭 HookScope</translation>
    </message>
    <message>
        <source>Keep the receiver running in the tray?</source>
        <translation>要让接收器在托盘中继续运行吗？</translation>
    </message>
    <message>
        <source>HookScope can keep receiving deliveries and notify you of new messages while its window is closed. Your answer is remembered; change it under Settings &gt; Notifications. File &gt; Quit always quits.</source>
        <translation>关闭窗口后，HookScope 仍可继续接收推送，并在有新消息时提醒你。此选择会被记住，可在“设置 &gt; 通知”中更改。“文件 &gt; 退出”始终会彻底退出。</translation>
    </message>
    <message>
        <source>Keep Running in Tray</source>
        <translation>在托盘中继续运行</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>Show HookScope</source>
        <translation>显示 HookScope</translation>
    </message>
    <message numerus="yes">
        <source>%n unread</source>
        <translation>
            <numerusform>%n 条未读</numerusform>
        </translation>
    </message>
    <message>
        <source>HookScope — %1, receiver listening on %2</source>
        <translation>HookScope — %1，接收器正在监听 %2</translation>
    </message>
    <message>
        <source>HookScope — %1, the receiver failed</source>
        <translation>HookScope — %1，接收器出错</translation>
    </message>
    <message>
        <source>HookScope — %1, receiver stopped</source>
        <translation>HookScope — %1，接收器已停止</translation>
    </message>
</context>
<context>
    <name>WebhookUrl</name>
    <message>
        <source>The URL is longer than %1 characters.</source>
        <translation>URL 超过了 %1 个字符。</translation>
    </message>
    <message>
        <source>Give a URL starting with https:// or http://.</source>
        <translation>请填写以 https:// 或 http:// 开头的 URL。</translation>
    </message>
    <message>
        <source>The URL has no host name.</source>
        <translation>URL 中没有主机名。</translation>
    </message>
    <message>
        <source>The URL must not contain a user name or password.</source>
        <translation>URL 中不能包含用户名或密码。</translation>
    </message>
    <message>
        <source>The URL must not contain a fragment (#…).</source>
        <translation>URL 中不能包含片段（#…）。</translation>
    </message>
</context>
</TS>
