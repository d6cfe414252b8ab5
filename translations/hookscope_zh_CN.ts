<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
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
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
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
        <source>Event store file (default: saved setting).</source>
        <translation>事件数据库文件（默认：已保存的设置）。</translation>
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
        <source>Sending a test delivery to %1…</source>
        <translation>正在向 %1 发送测试投递…</translation>
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
        <source>About HookScope</source>
        <translation>关于 HookScope</translation>
    </message>
    <message>
        <source>&lt;b&gt;HookScope %1&lt;/b&gt;&lt;p&gt;Receives SaleSmartly webhooks, verifies and stores every delivery, and shows them live.&lt;/p&gt;</source>
        <translation>&lt;b&gt;HookScope %1&lt;/b&gt;&lt;p&gt;接收 SaleSmartly 的 Webhook，验证并保存每一次投递，并实时显示。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Finishing deliveries…</source>
        <translation>正在完成投递…</translation>
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
        <source>Since the receiver started: %1 stored, %2 failed to store, %3 waiting for their commit</source>
        <translation>接收器启动以来：已保存 %1 条，保存失败 %2 条，等待提交 %3 条</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
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
</context>
<context>
    <name>RefusedPane</name>
    <message>
        <source>Deliveries the receiver answered with an error. They are kept with their reason and the raw request (the first 64 KiB of a body, the newest refusals only); select one to inspect it.</source>
        <translation>接收器以错误应答的投递。它们连同原因和原始请求一起保存（请求体只保留前 64 KiB，且只保留最近的拒绝记录）；选择一条即可查看详情。</translation>
    </message>
    <message>
        <source>Copy Raw Request</source>
        <translation>复制原始请求</translation>
    </message>
    <message>
        <source>Copy Cell</source>
        <translation>复制单元格</translation>
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
        <source>The secret is kept in a file only you can read, never in the settings file. Changes apply at once: the receiver restarts.</source>
        <translation>密钥保存在只有您本人可读的文件中，绝不会写入设置文件。更改立即生效：接收器会随之重启。</translation>
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
</context>
</TS>
