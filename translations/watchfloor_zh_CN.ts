<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Action</name>
    <message>
        <location filename="../console/services/lifecycle.py" line="+115"/>
        <source>Claim</source>
        <translation>认领</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Investigate</source>
        <translation>开始调查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escalate</source>
        <translation>升级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark mitigated</source>
        <translation>标记已缓解</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hand off</source>
        <translation>移交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolve</source>
        <translation>解决</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark reviewed</source>
        <translation>标记已复盘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark duplicate</source>
        <translation>标记为重复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
</context>
<context>
    <name>ActionItemsModel</name>
    <message>
        <location filename="../ui/models/review.py" line="+60"/>
        <source>Action</source>
        <translation>改进措施</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Due</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>ActionStatus</name>
    <message>
        <location filename="../console/services/reviews.py" line="+72"/>
        <source>open</source>
        <translation>待完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deferred</source>
        <translation>已延期</translation>
    </message>
</context>
<context>
    <name>Adherence</name>
    <message>
        <location filename="../console/services/adherence.py" line="+47"/>
        <source>Working</source>
        <translation>工作中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planned break</source>
        <translation>计划休息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave</source>
        <translation>请假</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off shift</source>
        <translation>非当班</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>On seat</source>
        <translation>在岗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On break</source>
        <translation>休息中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Absent</source>
        <translation>缺勤</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scheduled: {scheduled}; actual: {actual}</source>
        <translation>排班：{scheduled}；实际：{actual}</translation>
    </message>
</context>
<context>
    <name>AdherenceDock</name>
    <message>
        <location filename="../ui/docks/adherence.py" line="+258"/>
        <source>Adherence</source>
        <translation>排班遵从度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous shift</source>
        <translation>上一班次</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Running shift</source>
        <translation>当前班次</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next shift</source>
        <translation>下一班次</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Deviations only</source>
        <translation>仅看偏离</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only break overruns and agents out of adherence</source>
        <translation>只显示休息超时和未遵从排班的人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+131"/>
        <source>Re-plan breaks</source>
        <translation>重新安排休息</translation>
    </message>
    <message>
        <location line="-129"/>
        <source>Plan this shift&apos;s breaks again: breaks already begun stay, the rest are staggered anew</source>
        <translation>重新安排本班次的休息：已开始的休息保持不变，其余重新错峰安排</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>No shift is running now.</source>
        <translation>当前没有进行中的班次。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Rostered {0}</source>
        <translation>排班 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overrun {0}</source>
        <translation>超时 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Out {0}</source>
        <translation>未遵从 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off plan {0}</source>
        <translation>偏离 {0}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{0}: {1} on break now, {2} may be (of {3} rostered)</source>
        <translation>{0}：当前 {1} 人休息，最多允许 {2} 人（排班 {3} 人）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>On break / allowed:</source>
        <translation>休息中 / 允许：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>▲ over the limit</source>
        <translation>▲ 超出上限</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Plan the breaks of this shift again? Breaks already begun stay as they are.</source>
        <translation>重新安排本班次的休息？已开始的休息保持不变。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Planned {0} breaks.</source>
        <translation>已安排 {0} 次休息。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0} could not be placed: {1}</source>
        <translation>{0} 次休息无法安排：{1}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>and {0} more</source>
        <translation>另有 {0} 次</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refused: {0}</source>
        <translation>操作被拒绝：{0}</translation>
    </message>
</context>
<context>
    <name>AdherenceModel</name>
    <message>
        <location filename="../ui/models/adherence.py" line="+61"/>
        <source>Agent</source>
        <translation>人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scheduled</source>
        <translation>排班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Actual</source>
        <translation>实际</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Since</source>
        <translation>起始</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adh. %</source>
        <translation>遵从度 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Break</source>
        <translation>休息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next</source>
        <translation>下次休息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Desk</source>
        <translation>席位组</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Overrun {0}/{1} min</source>
        <translation>超时 {0}/{1} 分钟</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Out {0} min</source>
        <translation>未遵从 {0} 分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Off plan {0} min</source>
        <translation>偏离 {0} 分钟</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not scheduled</source>
        <translation>当前无排班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In adherence</source>
        <translation>遵从排班</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>On break for {0} min: past what is left of the shift&apos;s allowance ({1} min).</source>
        <translation>已休息 {0} 分钟：超过本班次剩余的休息额度（{1} 分钟）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>On break for {0} min: past the planned break of {1} min.</source>
        <translation>已休息 {0} 分钟：超过计划的 {1} 分钟休息。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Out of adherence for {0} min: scheduled {1}, actually {2}.</source>
        <translation>未遵从排班 {0} 分钟：排班为“{1}”，实际为“{2}”。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Off plan for {0} min (within the threshold so far): scheduled {1}, actually {2}.</source>
        <translation>偏离 {0} 分钟（仍在阈值内）：排班为“{1}”，实际为“{2}”。</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>{0}/{1} min</source>
        <translation>{0}/{1} 分钟</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>{0} · planned breaks: {1}</source>
        <translation>{0} · 计划休息：{1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>Alerts</name>
    <message>
        <location filename="../console/alerts.py" line="+24"/>
        <source>New P{severity}: {ref} {title}</source>
        <translation>新的 P{severity}：{ref} {title}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{ref} ({title}): 90 % of its {phase} SLA gone</source>
        <translation>{ref}（{title}）：{phase} SLA 已用去 90%</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{ref} ({title}): {phase} SLA breached</source>
        <translation>{ref}（{title}）：{phase} SLA 已超时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{ref} ({title}): a department has not answered in time</source>
        <translation>{ref}（{title}）：有部门未按时答复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{title}: no data for {ref} (a silent feed)</source>
        <translation>{title}：已 {ref} 无数据（数据源中断）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{title}: break overrun ({ref})</source>
        <translation>{title}：休息超时（{ref}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coverage: {title}</source>
        <translation>人力覆盖：{title}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>resolve</source>
        <translation>解决</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>handoff</source>
        <translation>转交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>feed</source>
        <translation>数据源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>break</source>
        <translation>休息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>coverage</source>
        <translation>人力覆盖</translation>
    </message>
    <message>
        <location filename="../ui/alerts.py" line="+41"/>
        <location line="+18"/>
        <source>Watchfloor</source>
        <translation>Watchfloor</translation>
    </message>
</context>
<context>
    <name>Anomaly</name>
    <message>
        <location filename="../console/anomaly/corpus.py" line="+31"/>
        <source>the header must be “timestamp,value”, found “{found}”</source>
        <translation>表头须为“timestamp,value”，实际为“{found}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>expected 2 columns, found {found}</source>
        <translation>应有 2 列，实际 {found} 列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{text}” is not a timestamp (YYYY-MM-DD HH:MM:SS)</source>
        <translation>“{text}”不是时间戳（须为 YYYY-MM-DD HH:MM:SS）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{text}” is not a number</source>
        <translation>“{text}”不是数字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the value {text} is not a finite number</source>
        <translation>数值 {text} 不是有限数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the line is not UTF-8 text</source>
        <translation>该行不是 UTF-8 文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>there are no rows</source>
        <translation>没有任何数据行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>line {line}: {reason}</source>
        <translation>第 {line} 行：{reason}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>… and {count} more</source>
        <translation>……另有 {count} 处</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not JSON (line {line}, column {column}: {reason})</source>
        <translation>不是 JSON（第 {line} 行，第 {column} 列：{reason}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>expected a JSON object of “&lt;category&gt;/&lt;file&gt;.csv”: windows</source>
        <translation>应为 JSON 对象：键为“&lt;category&gt;/&lt;file&gt;.csv”，值为窗口列表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{key}”: expected a list of [start, end] pairs</source>
        <translation>“{key}”：应为由 [start, end] 对组成的列表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{key}”, window {n}: “{text}” is not a timestamp</source>
        <translation>“{key}”第 {n} 个窗口：“{text}”不是时间戳</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{key}”, window {n}: it starts after it ends</source>
        <translation>“{key}”第 {n} 个窗口：开始时间晚于结束时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{key}”, window {n}: it overlaps the window before it</source>
        <translation>“{key}”第 {n} 个窗口：与前一个窗口重叠</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{key}”, window {n}: it covers no row of the file</source>
        <translation>“{key}”第 {n} 个窗口：未覆盖文件中的任何数据行</translation>
    </message>
    <message>
        <location filename="../console/cli_anomaly.py" line="+19"/>
        <source>{detector}: threshold {threshold} (one for the whole corpus), {profile} profile, {seconds:.1f} s</source>
        <translation>{detector}：阈值 {threshold}（整个语料库共用一个），{profile} 评分配置，{seconds:.1f} 秒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>category|files|windows|TP|FN|FP|raw score|NAB score</source>
        <translation>类别|文件数|窗口数|TP|FN|FP|原始得分|NAB 得分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TP: windows found, FN: windows missed, FP: detections outside every window; NAB score: 100 × (raw − null) / (perfect − null), – where there is no window to find.</source>
        <translation>TP：检出的窗口，FN：漏检的窗口，FP：落在所有窗口之外的检出；NAB 得分：100 × (原始得分 − 空检测器得分) / (满分 − 空检测器得分)，无窗口可检出时为 –。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>NAB score ({profile} profile) over {files} files and {windows} windows:</source>
        <translation>NAB 得分（{profile} 评分配置），共 {files} 个文件、{windows} 个窗口：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Results in NAB&apos;s layout: {out} ({count} files written).</source>
        <translation>按 NAB 目录结构输出的结果：{out}（已写入 {count} 个文件）。</translation>
    </message>
</context>
<context>
    <name>Area</name>
    <message>
        <location filename="../console/catalogue.py" line="+26"/>
        <source>Account takeover</source>
        <translation>账户盗用（ATO）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdrawals</source>
        <translation>提现</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fiat &amp; P2P</source>
        <translation>法币与 P2P</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KYC</source>
        <translation>KYC（身份认证）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AML</source>
        <translation>反洗钱（AML）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Operations</source>
        <translation>运营</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>AttendanceDock</name>
    <message>
        <location filename="../ui/docks/attendance.py" line="+163"/>
        <source>Attendance</source>
        <translation>考勤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exceptions only</source>
        <translation>仅看考勤异常</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only agents who are late, absent or not in yet</source>
        <translation>只显示迟到、缺勤或尚未到岗的人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The shift before</source>
        <translation>上一班次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The shift after</source>
        <translation>下一班次</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The floor date the shift starts on (a night shift runs into the next)</source>
        <translation>班次开始当天的现场日期（夜班会跨到次日）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Which shift of that date</source>
        <translation>该日期的哪个班次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Now</source>
        <translation>现在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Follow the running shift</source>
        <translation>跟随当前进行中的班次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave…</source>
        <translation>请假…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave requests: ask for leave, approve or reject</source>
        <translation>请假申请：提交请假、批准或驳回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Roster</source>
        <translation>排班名单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Month</source>
        <translation>月度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exceptions</source>
        <translation>考勤异常</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>{0} {1}–{2:02d}:{3:02d}</source>
        <translation>{0} {1}–{2:02d}:{3:02d}</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>planned</source>
        <translation>未开始</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} · {1}–{2} here</source>
        <translation>{0} · 本地时间 {1}–{2}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} to {1}</source>
        <translation>{0} 至 {1}</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>No shift is running now.</source>
        <translation>当前没有进行中的班次。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rostered {0}</source>
        <translation>排班 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Present {0}</source>
        <translation>在岗 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Late {0}</source>
        <translation>迟到 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On break {0}</source>
        <translation>休息 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Absent {0}</source>
        <translation>缺勤 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave {0}</source>
        <translation>请假 {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not in yet {0}</source>
        <translation>尚未到岗 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clocked out {0}</source>
        <translation>已下班打卡 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Upcoming {0}</source>
        <translation>待上班 {0}</translation>
    </message>
</context>
<context>
    <name>AttendanceMonth</name>
    <message>
        <location filename="../console/attendance_xlsx.py" line="+23"/>
        <location line="+27"/>
        <source>Agents</source>
        <translation>人员</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Teams</source>
        <translation>团队</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shifts</source>
        <translation>班次明细</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rostered shifts</source>
        <translation>排班班次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Worked shifts</source>
        <translation>出勤班次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Annual leave</source>
        <translation>年假</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sick leave</source>
        <translation>病假</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Emergency leave</source>
        <translation>紧急假</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Absences</source>
        <translation>缺勤次数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attendance rate</source>
        <translation>出勤率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Punctuality</source>
        <translation>准时率</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+26"/>
        <source>Minutes late</source>
        <translation>迟到（分钟）</translation>
    </message>
    <message>
        <location line="-25"/>
        <location line="+26"/>
        <source>Overtime (min)</source>
        <translation>加班（分钟）</translation>
    </message>
    <message>
        <location line="-25"/>
        <location line="+26"/>
        <source>Break (min)</source>
        <translation>休息（分钟）</translation>
    </message>
    <message>
        <location line="-22"/>
        <location line="+6"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location line="-5"/>
        <location line="+11"/>
        <source>Employee no.</source>
        <translation>工号</translation>
    </message>
    <message>
        <location line="-10"/>
        <location line="+11"/>
        <source>Agent</source>
        <translation>人员</translation>
    </message>
    <message>
        <location line="-10"/>
        <location line="+4"/>
        <location line="+7"/>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scheduled start</source>
        <translation>排班开始</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scheduled end</source>
        <translation>排班结束</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clock-in</source>
        <translation>上班打卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clock-out</source>
        <translation>下班打卡</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave type</source>
        <translation>请假类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>Audit</name>
    <message>
        <location filename="../console/audit.py" line="+163"/>
        <source>Record {id} ({what}) was changed after it was written: its content does not match its hash.</source>
        <translation>第 {id} 条记录（{what}）写入后被改动：内容与其哈希不符。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Record {id} ({what}) does not follow the record before it: records were deleted, inserted or reordered just before it.</source>
        <translation>第 {id} 条记录（{what}）与前一条记录衔接不上：其之前的记录被删除、插入或调换了顺序。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Record {id} ({what}) has no hash: it was written outside the console.</source>
        <translation>第 {id} 条记录（{what}）没有哈希：它是绕过控制台写入的。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The log starts at record {id} ({what}), which does not start the chain: its beginning was deleted.</source>
        <translation>日志从第 {id} 条记录（{what}）开始，但它不是链的起点：日志开头被删除了。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The audit log is empty although the floor has {users} users: it was emptied (truncated).</source>
        <translation>该现场有 {users} 个用户，但审计日志为空：日志已被清空（截断）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Record {id}, the head kept earlier, is gone: the end of the log was deleted or the log replaced.</source>
        <translation>此前保存的链头第 {id} 条记录已不存在：日志末尾被删除，或整个日志被替换。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Record {id} ({what}) is not the record the head kept earlier names: the log was rewritten.</source>
        <translation>第 {id} 条记录（{what}）与此前保存的链头不一致：日志被改写过。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The database guard {name} on the audit log was removed or disabled: records could be changed.</source>
        <translation>审计日志上的数据库保护触发器 {name} 已被删除或停用：记录可能被篡改。</translation>
    </message>
</context>
<context>
    <name>AuditDock</name>
    <message>
        <location filename="../ui/docks/audit.py" line="+192"/>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entity</source>
        <translation>对象</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Period</source>
        <translation>时间范围</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+69"/>
        <source>Anyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <location line="-69"/>
        <location line="+70"/>
        <source>Any</source>
        <translation>全部</translation>
    </message>
    <message numerus="yes">
        <location line="-42"/>
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n 条记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n record(s) shown, more when scrolled</source>
        <translation>
            <numerusform>已显示 %n 条记录，向下滚动加载更多</numerusform>
        </translation>
    </message>
    <message>
        <location line="+97"/>
        <source>Could not read the audit log: {0}</source>
        <translation>无法读取审计日志：{0}</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <location line="-275"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Workstation</source>
        <translation>工作站</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entity</source>
        <translation>对象</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change</source>
        <translation>变更内容</translation>
    </message>
</context>
<context>
    <name>Breaks</name>
    <message>
        <location filename="../console/services/stagger.py" line="+24"/>
        <source>the desk would drop below its minimum</source>
        <translation>席位组人数将低于最低要求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>too many of the desk already on break</source>
        <translation>该席位组已有过多人员在休息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no room in the shift outside its first and last hour</source>
        <translation>班次首尾一小时之外没有可安排的时间</translation>
    </message>
</context>
<context>
    <name>Catalogue</name>
    <message>
        <location filename="../console/catalogue.py" line="+14"/>
        <source>higher is worse</source>
        <translation>越高越差</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lower is worse</source>
        <translation>越低越差</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the SOP</source>
        <translation>SOP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>critical</source>
        <translation>严重</translation>
    </message>
</context>
<context>
    <name>CatalogueDialog</name>
    <message>
        <location filename="../ui/catalogue.py" line="+184"/>
        <source>Risk indicator catalogue</source>
        <translation>风险指标目录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter by key, name, area or SOP</source>
        <translation>按编码、名称、区域或 SOP 筛选</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New indicator…</source>
        <translation>新建指标…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+159"/>
        <source>Add indicator</source>
        <translation>添加指标</translation>
    </message>
    <message>
        <location line="-159"/>
        <location line="+134"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="-133"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Read-only: {0}</source>
        <translation>只读：{0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Read-only: {0} ({1}) may not change risk indicators; supervisors and admins do.</source>
        <translation>只读：{0}（{1}）无权修改风险指标；只有现场主管和管理员可以修改。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>New indicator</source>
        <translation>新建指标</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose an indicator in the list</source>
        <translation>请在列表中选择一个指标</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} · version {1}, last changed by {2} at {3}</source>
        <translation>{0} · 第 {1} 版，最后由 {2} 于 {3} 修改</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} · version {1}</source>
        <translation>{0} · 第 {1} 版</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Could not read the catalogue: {0}</source>
        <translation>无法读取指标目录：{0}</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>{0} was changed by {1} meanwhile (version {2}): Revert shows it; saving now is refused.</source>
        <translation>{0} 在此期间已被 {1} 修改（第 {2} 版）：点击“还原”可查看；现在保存会被拒绝。</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>{0} added.</source>
        <translation>已添加 {0}。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nothing to save: the form holds what the catalogue has.</source>
        <translation>无需保存：表单内容与指标目录一致。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0} saved (version {1}).</source>
        <translation>已保存 {0}（第 {1} 版）。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{0} moved.</source>
        <translation>已移动 {0}。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Refused: {0}</source>
        <translation>操作被拒绝：{0}</translation>
    </message>
</context>
<context>
    <name>CatalogueModel</name>
    <message>
        <location filename="../ui/models/catalogue.py" line="+62"/>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key</source>
        <translation>编码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Worse when</source>
        <translation>恶化方向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warning</source>
        <translation>预警阈值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Critical</source>
        <translation>严重阈值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interval</source>
        <translation>采样间隔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SOP</source>
        <translation>SOP</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>↑ higher</source>
        <translation>↑ 偏高</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>↓ lower</source>
        <translation>↓ 偏低</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} s</source>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Higher values are worse</source>
        <translation>数值越高越差</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lower values are worse</source>
        <translation>数值越低越差</translation>
    </message>
</context>
<context>
    <name>Category</name>
    <message>
        <location filename="../console/services/incidents.py" line="+84"/>
        <source>Credential stuffing / ATO wave</source>
        <translation>撞库 / 账户盗用（ATO）集中爆发</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdrawal anomaly</source>
        <translation>提现异常</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deposit / chargeback fraud wave</source>
        <translation>充值 / 拒付欺诈激增</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KYC document-fraud ring</source>
        <translation>KYC 伪造证件团伙</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sanctions / AML alert spike</source>
        <translation>制裁 / 反洗钱（AML）告警激增</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P2P scam wave</source>
        <translation>P2P 诈骗集中爆发</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Internal tooling outage</source>
        <translation>内部工具故障</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data feed failure</source>
        <translation>数据源故障</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Insider / policy breach</source>
        <translation>内部人员 / 违规事件</translation>
    </message>
</context>
<context>
    <name>ChecklistModel</name>
    <message>
        <location filename="../ui/models/review.py" line="+145"/>
        <source>Done by {0} at {1}</source>
        <translation>由 {0} 于 {1} 完成</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <location filename="../console/cli.py" line="+208"/>
        <source>The database wants a password. {0} What you type is not stored (&apos;watchfloor db password&apos; keeps it in the system keyring).</source>
        <translation>数据库需要密码。{0} 输入的密码不会被保存（&apos;watchfloor db password&apos; 可将其保存到系统密钥环）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Database password: </source>
        <translation>数据库密码：</translation>
    </message>
    <message>
        <location line="+328"/>
        <source>Demo floor created in {where}: {summary}</source>
        <translation>已在 {where} 创建演示现场：{summary}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interrupted: the demo floor was not created, nothing was written.</source>
        <translation>已中断：演示现场未创建，未写入任何数据。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Replace the demo floor in {where}? Its agents, users, rota, samples and incidents are deleted (the audit log is kept). [y/N] </source>
        <translation>要替换 {where} 中的演示现场吗？其人员、用户、排班表、指标样本和风险事件将被删除（审计日志保留）。[y/N] </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing was changed.</source>
        <translation>未做任何更改。</translation>
    </message>
    <message>
        <location filename="../console/cli_indicators.py" line="+47"/>
        <source>{key}: {changes} (version {version})</source>
        <translation>{key}：{changes}（第 {version} 版）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{key}: nothing changed (version {version})</source>
        <translation>{key}：没有任何变更（第 {version} 版）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{key} added, last in the catalogue (area {area}).</source>
        <translation>已添加 {key}，位于指标目录末尾（区域：{area}）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The catalogue&apos;s order: {keys}</source>
        <translation>指标目录顺序：{keys}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The catalogue was already in that order.</source>
        <translation>指标目录已是该顺序。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{key} ({name}, {unit}): latest value of each series since {since}</source>
        <translation>{key}（{name}，{unit}）：自 {since} 以来各序列的最新值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{key} has no samples by dimension since {since}.</source>
        <translation>自 {since} 以来，{key} 没有按维度细分的样本。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>worse when</source>
        <translation>恶化方向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>warning</source>
        <translation>预警阈值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>critical</source>
        <translation>严重阈值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>interval</source>
        <translation>采样间隔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SOP</source>
        <translation>SOP</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{version}, last changed by {who} at {at}</source>
        <translation>{version}，最后由 {who} 于 {at} 修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../console/cli_ingest.py" line="+19"/>
        <source>{stored:,} samples stored, {already:,} already there ({read:,} read from {source} in {took:.2f} s)</source>
        <translation>已存储 {stored:,} 个样本，{already:,} 个已存在（用时 {took:.2f} 秒从 {source} 读取 {read:,} 个）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{stored:,} samples stored, {already:,} already there; by dimension {split:,} stored, {split_already:,} already there ({read:,} read from {source} in {took:.2f} s)</source>
        <translation>已存储 {stored:,} 个样本，{already:,} 个已存在；按维度细分的已存储 {split:,} 个，{split_already:,} 个已存在（用时 {took:.2f} 秒从 {source} 读取 {read:,} 个）</translation>
    </message>
    <message>
        <location filename="../console/cli_attendance.py" line="+30"/>
        <source>{stored:,} punches stored, {already:,} already there ({read:,} read from {source} in {took:.2f} s)</source>
        <translation>已存储 {stored:,} 条打卡记录，{already:,} 条已存在（用时 {took:.2f} 秒从 {source} 读取 {read:,} 条）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{kind}: {rule}</source>
        <translation>{kind}：{rule}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing on the ledger of {who} in the last {days} days.</source>
        <translation>{who} 最近 {days} 天的纪律台账中没有记录。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No attendance exceptions to show.</source>
        <translation>没有可显示的考勤异常。</translation>
    </message>
    <message>
        <location line="+194"/>
        <location line="+9"/>
        <source>Note by {author}: {text}</source>
        <translation>{author} 的辅导记录：{text}</translation>
    </message>
    <message>
        <location line="-7"/>
        <location line="+8"/>
        <source>Adherence: {text}</source>
        <translation>排班遵从度：{text}</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <location filename="../ui/app.py" line="+62"/>
        <source>Database password</source>
        <translation>数据库密码</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+180"/>
        <location line="+14"/>
        <location line="+11"/>
        <location line="+6"/>
        <location filename="../ui/firststart.py" line="+204"/>
        <source>Watchfloor</source>
        <translation>Watchfloor</translation>
    </message>
    <message>
        <location line="-236"/>
        <source>{0}
Enter the database password. It is not stored: it will be asked again next time.</source>
        <translation>{0}
请输入数据库密码。密码不会被保存，下次启动时会再次询问。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Connecting to {0}…</source>
        <translation>正在连接 {0}…</translation>
    </message>
    <message>
        <location filename="../ui/firststart.py" line="+1"/>
        <source>The demo floor could not be created: {0}</source>
        <translation>无法创建演示现场：{0}</translation>
    </message>
    <message>
        <location filename="../ui/app.py" line="+174"/>
        <source>standard error</source>
        <translation>标准错误输出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An unexpected error occurred: {0}
The console keeps running. Details are in {1}.</source>
        <translation>发生意外错误：{0}
控制台仍在运行。详细信息见 {1}。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>wall screen</source>
        <translation>大屏模式</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This floor had no users yet: {0} is now its first admin (watchfloor user add adds others).</source>
        <translation>该现场尚无用户：{0} 已成为首位管理员（用 watchfloor user add 添加其他用户）。</translation>
    </message>
</context>
<context>
    <name>Coverage</name>
    <message>
        <location filename="../console/services/coverage.py" line="+56"/>
        <source>ATO</source>
        <translation>ATO</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdrawals</source>
        <translation>提现</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KYC</source>
        <translation>KYC</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AML</source>
        <translation>AML</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fiat &amp; P2P</source>
        <translation>法币与 P2P</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QA</source>
        <translation>质检</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mandarin</source>
        <translation>普通话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Malay</source>
        <translation>马来语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cantonese</source>
        <translation>粤语</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tamil</source>
        <translation>泰米尔语</translation>
    </message>
    <message>
        <location filename="../console/services/coverage_risk.py" line="+58"/>
        <source>{present} present, {required} required now</source>
        <translation>在岗 {present} 人，当前需 {required} 人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{present} present with {skill} skill, {required} required now</source>
        <translation>具备{skill}技能的在岗 {present} 人，当前需 {required} 人</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{present} {language} speakers present, {required} required now</source>
        <translation>会{language}的在岗 {present} 人，当前需 {required} 人</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>P{severity} incident open and nobody to spare ({present} present, {required} required)</source>
        <translation>有未结 P{severity} 事件且无富余人手（在岗 {present} 人，需 {required} 人）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{open} open incidents and nobody present</source>
        <translation>{open} 起未结事件，无人在岗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{open} open incidents for {present} present ({per} per person, limit {limit})</source>
        <translation>{open} 起未结事件，在岗 {present} 人（人均 {per} 起，上限 {limit}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Review backlog of {backlog} cases for {present} present ({per} per person, limit {limit})</source>
        <translation>待审积压 {backlog} 件，在岗 {present} 人（人均 {per} 件，上限 {limit}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <location filename="../ui/models/coverage.py" line="+366"/>
        <source>Nobody can move without opening a gap</source>
        <translation>调任何人都会造成新的缺口</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{skill} skill level {level}</source>
        <translation>{skill}技能 {level} 级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>speaks {language}</source>
        <translation>会{language}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{desk} keeps {after} of {required}</source>
        <translation>{desk}调出后仍有 {after}/{required} 人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>team lead</source>
        <translation>组长</translation>
    </message>
</context>
<context>
    <name>CoverageDock</name>
    <message>
        <location filename="../ui/docks/coverage.py" line="+160"/>
        <location line="+36"/>
        <source>Coverage</source>
        <translation>人力覆盖</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Now</source>
        <translation>现在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Today, following the clock</source>
        <translation>今天，随时钟更新</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requirements…</source>
        <translation>人力需求…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many people each desk needs, hour by hour</source>
        <translation>各席位组每小时需要多少人</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Each hour: present/required, s = scheduled; ! marks a gap (red: present, amber: scheduled)</source>
        <translation>每小时：在岗/需求，s = 排班；! 表示缺口（红：在岗不足，橙：排班不足）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Risk load now</source>
        <translation>当前风险负荷</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Reading coverage…</source>
        <translation>正在读取人力覆盖…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Staffing covers the current risk: {0} present, {1} required now.</source>
        <translation>人力足以应对当前风险：在岗 {0} 人，当前需 {1} 人。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Understaffed for current risk — {0}</source>
        <translation>人力不足以应对当前风险 — {0}</translation>
    </message>
</context>
<context>
    <name>CoverageModel</name>
    <message>
        <location filename="../ui/models/coverage.py" line="-321"/>
        <source>{0} skill</source>
        <translation>{0}技能</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} speakers</source>
        <translation>会{0}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{0}, {1:02d}:00–{2:02d}:00: required {3}, scheduled {4}</source>
        <translation>{0}，{1:02d}:00–{2:02d}:00：需 {3} 人，排班 {4} 人</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>; still to come</source>
        <translation>；尚未到来</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, present {0}</source>
        <translation>，在岗 {0} 人</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gap: {0} fewer present than required</source>
        <translation>缺口：在岗比需求少 {0} 人</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Gap: {0} fewer scheduled than required</source>
        <translation>缺口：排班比需求少 {0} 人</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>The running hour</source>
        <translation>当前小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0:02d}:00–{1:02d}:00 floor time</source>
        <translation>现场时间 {0:02d}:00–{1:02d}:00</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Click to show or hide this desk&apos;s skill and language requirements</source>
        <translation>点击显示或隐藏本席位组的技能与语言需求</translation>
    </message>
</context>
<context>
    <name>DemoBuild</name>
    <message>
        <location filename="../console/demo/progress.py" line="+39"/>
        <source>Clearing the old demo floor</source>
        <translation>清除旧的演示现场</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{done} of {total} tables</source>
        <translation>{done} / {total} 张表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{total} tables emptied</source>
        <translation>已清空 {total} 张表</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Organisation</source>
        <translation>组织架构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{done} of {total} agents</source>
        <translation>{done} / {total} 名人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{total} agents</source>
        <translation>{total} 名人员</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Seating and rota</source>
        <translation>座位安排和排班表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{done} of {total} shifts</source>
        <translation>{done} / {total} 个班次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{total} shifts</source>
        <translation>{total} 个班次</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Attendance</source>
        <translation>考勤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{done} of {total} badge events</source>
        <translation>{done} / {total} 条打卡记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{total} badge events</source>
        <translation>{total} 条打卡记录</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Risk indicator samples</source>
        <translation>风险指标样本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{done} of {total} samples</source>
        <translation>{done} / {total} 个样本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{total} samples</source>
        <translation>{total} 个样本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Incidents</source>
        <translation>风险事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{done} of {total} incidents</source>
        <translation>{done} / {total} 个风险事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{total} incidents</source>
        <translation>{total} 个风险事件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Saving</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>committing</source>
        <translation>正在提交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>{0} s</source>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>[{index}/{steps}] {title}: {figures} ({elapsed})</source>
        <translation>[{index}/{steps}] {title}：{figures}（{elapsed}）</translation>
    </message>
</context>
<context>
    <name>DeskLoadModel</name>
    <message>
        <location filename="../ui/models/coverage.py" line="+22"/>
        <source>Desk</source>
        <translation>席位组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Present</source>
        <translation>在岗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open</source>
        <translation>未结</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unack.</source>
        <translation>未确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load</source>
        <translation>负荷</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Understaffed for current risk</source>
        <translation>人力不足以应对当前风险</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0}: {1} present, {2} required now, {3} scheduled, {4} on break</source>
        <translation>{0}：在岗 {1} 人，当前需 {2} 人，排班 {3} 人，休息 {4} 人</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open incidents P1 {0} · P2 {1} · P3 {2} · P4 {3}</source>
        <translation>未结事件 P1 {0} · P2 {1} · P3 {2} · P4 {3}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Load: open incidents per present person (and backlog cases per person)</source>
        <translation>负荷：在岗人均未结事件（及人均积压件数）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Review backlog {0:,.0f} cases</source>
        <translation>待审积压 {0:,.0f} 件</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{0} cases</source>
        <translation>{0} 件</translation>
    </message>
</context>
<context>
    <name>Entity</name>
    <message>
        <location filename="../console/errors.py" line="+53"/>
        <source>Agent</source>
        <translation>员工</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Floor</source>
        <translation>现场</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handoff</source>
        <translation>移交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handover</source>
        <translation>交接班记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incident</source>
        <translation>风险事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Indicator</source>
        <translation>风险指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave request</source>
        <translation>请假申请</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review</source>
        <translation>事件复盘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action item</source>
        <translation>改进措施</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runbook item</source>
        <translation>处置手册步骤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seat</source>
        <translation>座位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift log entry</source>
        <translation>值班日志条目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../console/services/floor_plan.py" line="+102"/>
        <source>Zone</source>
        <translation>区域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Staffing requirement</source>
        <translation>人力需求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift swap</source>
        <translation>换班</translation>
    </message>
    <message>
        <location filename="../console/services/exception_queue.py" line="+43"/>
        <source>Attendance exception</source>
        <translation>考勤异常</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../console/errors.py" line="-51"/>
        <location line="+380"/>
        <source>Something went wrong.</source>
        <translation>出现错误。</translation>
    </message>
    <message>
        <location line="-357"/>
        <source>{user} ({role}) may not {action}.</source>
        <translation>{user}（{role}）无权{action}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{what} {key} does not exist.</source>
        <translation>{what} {key} 不存在。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>{what} was changed by someone else; reload and try again.</source>
        <translation>{what} 已被他人修改；请刷新后重试。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what} was just changed by {who}: look at it again before you act.</source>
        <translation>{what} 刚刚被 {who} 修改：请先查看最新状态再操作。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Invalid input: {detail}</source>
        <translation>输入无效：{detail}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{ref} is {status}: it cannot be {verb} from there.</source>
        <translation>{ref} 当前为“{status}”：无法从该状态{verb}。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{ref} still waits on {departments}: close the handoff first, or give a reason to resolve it anyway.</source>
        <translation>{ref} 仍在等待{departments}：请先关闭移交，或填写原因后强制解决。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{user} is not linked to an agent of this floor: choose who claims {ref}.</source>
        <translation>{user} 未关联本现场的员工：请选择由谁认领 {ref}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{ref} cannot be a duplicate of itself.</source>
        <translation>{ref} 不能标记为其自身的重复事件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{target} is itself a duplicate of {of}: merge {ref} into {of} instead.</source>
        <translation>{target} 本身是 {of} 的重复事件：请将 {ref} 合并到 {of}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The handoff of {ref} to {department} is closed already.</source>
        <translation>{ref} 移交给{department}的事项已关闭。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{department} has not answered the handoff of {ref}: give a reason to close it unanswered.</source>
        <translation>{department}尚未答复 {ref} 的移交：如要在未答复时关闭，请填写原因。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The review of {ref} was changed by someone else; reload it and try again.</source>
        <translation>{ref} 的事件复盘已被他人修改，请重新读取后再试。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The review of {ref} was just changed by {who}: read it again before you save.</source>
        <translation>{ref} 的事件复盘刚被 {who} 修改：请重新查看后再保存。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{ref} cannot be {verb} yet: {missing}.</source>
        <translation>{ref} 暂不能{verb}：{missing}。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>a P{severity} incident needs a post-incident review</source>
        <translation>P{severity} 事件必须先完成事件复盘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the review has no summary</source>
        <translation>事件复盘缺少概述</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the review names no root cause</source>
        <translation>事件复盘未注明根本原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>action items still open: {titles}</source>
        <translation>仍有未完成的改进措施：{titles}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>action items deferred without a reason: {titles}</source>
        <translation>以下改进措施延期但未说明原因：{titles}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{field}: {value} is not valid.</source>
        <translation>{field}：{value} 无效。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{field}: “{value}” is not an amount; write it like 12,500.50.</source>
        <translation>{field}：“{value}”不是有效金额，请按 12,500.50 的格式填写。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{field} cannot be negative ({value}).</source>
        <translation>{field}不能为负数（{value}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{field}: “{value}” is not a whole number of 0 or more.</source>
        <translation>{field}：“{value}”不是大于或等于 0 的整数。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{field}: “{value}” is not an ISO currency code such as USD or MYR.</source>
        <translation>{field}：“{value}”不是 ISO 货币代码（如 USD、MYR）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{field}: “{value}” is not one of the root-cause categories.</source>
        <translation>{field}：“{value}”不属于根本原因分类。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{field} is required.</source>
        <translation>{field}为必填项。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Say why “{title}” is deferred: an action item is deferred with a reason, never silently.</source>
        <translation>请说明“{title}”延期的原因：改进措施延期必须注明原因，不能悄然搁置。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>“{title}” is {status} already.</source>
        <translation>“{title}”已经是{status}状态。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The runbook for {category} has no item “{item}”.</source>
        <translation>{category}的处置手册中没有步骤“{item}”。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A shift log entry needs some text: nothing was added.</source>
        <translation>值班日志条目不能为空：未添加任何内容。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A shift log entry holds at most {limit} characters ({length} given): shorten it.</source>
        <translation>值班日志条目最多 {limit} 个字符（当前 {length} 个）：请缩短。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The log entry names {what} {key}, which this floor does not have: nothing was added.</source>
        <translation>日志条目关联的{what} {key} 在本现场不存在：未添加任何内容。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No shift runs at {at}: there is no shift to hand over.</source>
        <translation>{at} 没有正在进行的班次：没有可交接的班次。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{user} prepared this handover: the incoming supervisor signs it off, not the one handing over.</source>
        <translation>此交接班由 {user} 准备：应由接班主管签收，而不是交班人。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The handover of the {shift} shift was already signed off by {who} at {at}.</source>
        <translation>{shift}的交接班已由 {who} 于 {at} 签收。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Unsupported database address ({kind}): give a SQLite file path or postgresql://user@host:port/db.</source>
        <translation>不支持的数据库地址（{kind}）：请给出 SQLite 文件路径或 postgresql://user@host:port/db。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cannot open the database file {path}: the folder {folder} does not exist.</source>
        <translation>无法打开数据库文件 {path}：文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>There is no database file {path}; to make a new one: watchfloor db create {arg}</source>
        <translation>数据库文件 {path} 不存在；如需新建：watchfloor db create {arg}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{path} already exists: &apos;watchfloor db create&apos; makes only new database files.</source>
        <translation>{path} 已存在：&apos;watchfloor db create&apos; 只创建新的数据库文件。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&apos;watchfloor db create&apos; makes SQLite files ({kind} given): create a PostgreSQL database on its server, then run &apos;watchfloor db upgrade&apos; on it.</source>
        <translation>&apos;watchfloor db create&apos; 只创建 SQLite 文件（给出的是 {kind}）：请在 PostgreSQL 服务器上创建数据库，再对其运行 &apos;watchfloor db upgrade&apos;。</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>A password is needed for {where}: {reason}</source>
        <translation>连接 {where} 需要密码：{reason}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A password is needed for {where}: {reason} There is no terminal to ask for it: run the command in a terminal, or store the password first with &apos;watchfloor db password&apos;.</source>
        <translation>连接 {where} 需要密码：{reason} 当前没有终端可以询问密码：请在终端中运行该命令，或先用 &apos;watchfloor db password&apos; 保存密码。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A password is needed for {where}: {reason} There is no terminal to ask for it: run the command in a terminal.</source>
        <translation>连接 {where} 需要密码：{reason} 当前没有终端可以询问密码：请在终端中运行该命令。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{where} already has a floor: use an empty database (or --reset to replace a demo floor).</source>
        <translation>{where} 中已有现场：请使用空数据库（或用 --reset 替换演示现场）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{where} has a floor the demo did not build (or an older Watchfloor built it without recording so): --reset replaces only a demo floor, and nothing was changed.</source>
        <translation>{where} 中的现场不是由演示程序创建的（或由未作记录的旧版 Watchfloor 创建）：--reset 只替换演示现场，未做任何更改。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>--reset deletes the demo floor in {where}: run it on a terminal to confirm, or add --yes.</source>
        <translation>--reset 会删除 {where} 中的演示现场：请在终端中运行以确认，或加上 --yes。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：未写入任何数据。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{user} is not a user of this floor ({where}). An admin adds you with: watchfloor user add {user} --role ROLE</source>
        <translation>{user} 不是该现场（{where}）的用户。请管理员运行以下命令添加：watchfloor user add {user} --role ROLE</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The account {user} is disabled on this floor; ask an admin.</source>
        <translation>账户 {user} 在该现场已被停用；请联系管理员。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{user} now holds the role {role} on this floor; sign in again (restart) to act with it.</source>
        <translation>{user} 在该现场的角色已变为{role}；请重新登录（重启控制台）后再操作。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>There is no role {role}; the roles are: {roles}.</source>
        <translation>不存在角色 {role}；可用角色为：{roles}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{user} is the last active admin of this floor; make someone else admin first.</source>
        <translation>{user} 是该现场最后一位在用的管理员；请先将其他人设为管理员。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{value} is not an audit head; it looks like 1234:3fa9… (ID:SHA-256).</source>
        <translation>{value} 不是审计链头；格式应类似 1234:3fa9…（编号:SHA-256）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The database schema ({found}) is newer than this Watchfloor knows ({known}): it is left as it is; use a Watchfloor at least as new as the one that migrated it.</source>
        <translation>数据库结构版本（{found}）比本 Watchfloor 所支持的（{known}）更新：未做任何改动；请使用不低于迁移该数据库的 Watchfloor 版本。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The schema was not changed: {reason}</source>
        <translation>数据库结构未做改动：{reason}</translation>
    </message>
    <message>
        <location line="-136"/>
        <source>{path} is not a SQLite database file.</source>
        <translation>{path} 不是 SQLite 数据库文件。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The database file {path} is damaged ({detail}); restore it from a backup.</source>
        <translation>数据库文件 {path} 已损坏（{detail}）；请从备份恢复。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot reach the database at {where}: {reason}</source>
        <translation>无法连接数据库 {where}：{reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The database schema ({found}) is newer than this Watchfloor knows ({known}). It is opened read-only; upgrade Watchfloor to make changes.</source>
        <translation>数据库结构版本（{found}）比本 Watchfloor 所支持的（{known}）更新，已以只读方式打开；请升级 Watchfloor 后再做修改。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The database schema ({found}) is older than this Watchfloor needs ({known}). Run &apos;watchfloor db upgrade&apos;.</source>
        <translation>数据库结构版本（{found}）低于本 Watchfloor 所需（{known}）。请运行 &apos;watchfloor db upgrade&apos;。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This database is open read-only: {reason}</source>
        <translation>该数据库以只读方式打开：{reason}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The database at {where} did not accept the password.</source>
        <translation>数据库 {where} 拒绝了该密码。</translation>
    </message>
    <message>
        <location filename="../console/credentials.py" line="+20"/>
        <source>No system keyring is available on this machine.</source>
        <translation>本机没有可用的系统密钥环。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No password is stored for this database.</source>
        <translation>未为该数据库保存密码。</translation>
    </message>
    <message>
        <location filename="../console/settings.py" line="+34"/>
        <source>Setting {name} = {value}: not a valid value.</source>
        <translation>设置项 {name} = {value}：取值无效。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Setting {name} = {value}: expected text.</source>
        <translation>设置项 {name} = {value}：应为文本。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Setting {name} = {value}: expected a number.</source>
        <translation>设置项 {name} = {value}：应为数字。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Setting {name} = {value}: expected a finite number from {low} to {high}.</source>
        <translation>设置项 {name} = {value}：应为 {low} 到 {high} 之间的有限数字。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Setting {name} = {value}: expected one of {choices}.</source>
        <translation>设置项 {name} = {value}：应为以下之一：{choices}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Setting {name} must not be empty.</source>
        <translation>设置项 {name} 不能为空。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Setting {name} = {value}: unknown time zone (expected a name such as Asia/Kuala_Lumpur).</source>
        <translation>设置项 {name} = {value}：未知时区（应为类似 Asia/Kuala_Lumpur 的名称）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unknown setting {name}.</source>
        <translation>未知设置项 {name}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The setting {name} is no longer used: who acts is the signed-in account, with its role from the floor&apos;s users (watchfloor user list).</source>
        <translation>设置项 {name} 已停用：操作人即当前登录账户，其角色取自该现场的用户表（watchfloor user list）。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The database address holds a password: remove it, and run &apos;watchfloor db password&apos; to keep it in the system keyring.</source>
        <translation>数据库地址中包含密码：请将其删除，并运行 &apos;watchfloor db password&apos; 把密码保存到系统密钥环。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unknown setting {name}; did you mean {near}?</source>
        <translation>未知设置项 {name}；是否指 {near}？</translation>
    </message>
    <message>
        <location filename="../console/connect.py" line="+35"/>
        <source>The password stored in the system keyring was not accepted.</source>
        <translation>系统密钥环中保存的密码未被接受。</translation>
    </message>
    <message>
        <location filename="../console/export.py" line="+27"/>
        <source>Could not export to {path}: {reason}</source>
        <translation>无法导出到 {path}：{reason}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot export to {path}: choose a .csv or .xlsx file.</source>
        <translation>无法导出到 {path}：请选择 .csv 或 .xlsx 文件。</translation>
    </message>
    <message>
        <location filename="../console/ingest.py" line="+90"/>
        <source>{source}: {count} problem(s), nothing was imported.
{problems}</source>
        <translation>{source}：发现 {count} 处问题，未导入任何数据。
{problems}</translation>
    </message>
    <message>
        <location filename="../console/intake.py" line="+54"/>
        <source>No intake token is kept for this database: run &apos;watchfloor intake --new-token&apos;.</source>
        <translation>此数据库尚未保存告警接入令牌：请运行 &apos;watchfloor intake --new-token&apos;。</translation>
    </message>
    <message>
        <location filename="../console/anomaly/corpus.py" line="-48"/>
        <source>{file}: {count} problem(s), nothing was written.
{problems}</source>
        <translation>{file}：发现 {count} 处问题，未写入任何内容。
{problems}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{path}: no such directory.</source>
        <translation>{path}：目录不存在。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path}: no CSV file under it.</source>
        <translation>{path}：其中没有 CSV 文件。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{path}: {detail}</source>
        <translation>{path}：{detail}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>{file} is not listed in {windows}: its anomaly windows are unknown.</source>
        <translation>{file} 未列在 {windows} 中：其异常窗口未知。</translation>
    </message>
    <message>
        <location filename="../console/anomaly/scoring.py" line="+58"/>
        <source>{path}: not a NAB profiles file ({detail}).</source>
        <translation>{path}：不是 NAB 评分配置文件（{detail}）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unknown profile {name}; the profiles are {known}.</source>
        <translation>未知的评分配置 {name}；可用的评分配置为：{known}。</translation>
    </message>
    <message>
        <location filename="../console/catalogue.py" line="+3"/>
        <source>{key}: higher is worse, so the critical threshold ({critical}) must be above the warning threshold ({warning}).</source>
        <translation>{key}：数值越高越差，因此严重阈值（{critical}）必须高于预警阈值（{warning}）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{key}: lower is worse, so the critical threshold ({critical}) must be below the warning threshold ({warning}).</source>
        <translation>{key}：数值越低越差，因此严重阈值（{critical}）必须低于预警阈值（{warning}）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{key}: the {field} threshold “{value}” is not a number.</source>
        <translation>{key}：{field}阈值“{value}”不是数字。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{key}: {field} cannot be empty.</source>
        <translation>{key}：{field}不能为空。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{key}: {field} holds at most {limit} characters ({length} given).</source>
        <translation>{key}：{field}最多 {limit} 个字符（实际 {length} 个）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{key}: the sampling interval is a whole number of seconds from 1 to 86400 ({value} given).</source>
        <translation>{key}：采样间隔须为 1 到 86400 之间的整数秒（实际为 {value}）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{key}: the direction is “higher” or “lower” (which way is worse), not “{value}”.</source>
        <translation>{key}：方向须为“higher”或“lower”（即数值往哪个方向变差），而不是“{value}”。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{key}: “{value}” is not an area; the areas are {areas}.</source>
        <translation>{key}：“{value}”不是有效的区域；可用区域为：{areas}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{key}: the SOP “{value}” is neither a runbook ({runbooks}) nor an http(s) address.</source>
        <translation>{key}：SOP“{value}”既不是处置手册（{runbooks}），也不是 http(s) 地址。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>“{key}” is not an indicator key: two or more parts of lower-case letters, digits and _ joined by dots, like ato.failed_logins, at most 48 characters.</source>
        <translation>“{key}”不是有效的指标编码：须由两段或以上的小写字母、数字和 _ 以点号连接而成（如 ato.failed_logins），最多 48 个字符。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>There is already an indicator {key}.</source>
        <translation>指标 {key} 已存在。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The indicator {key} was changed by someone else; read it again and try again.</source>
        <translation>指标 {key} 已被他人修改；请重新读取后再试。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The indicator {key} was just changed by {who}: look at it again before you save.</source>
        <translation>指标 {key} 刚被 {who} 修改：请重新查看后再保存。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Indicators were added or removed meanwhile: read the catalogue again, then reorder it.</source>
        <translation>在此期间有指标被添加或删除：请重新读取指标目录，再调整顺序。</translation>
    </message>
    <message>
        <location filename="../console/cli_anomaly.py" line="+4"/>
        <source>{path} is not a directory: the results need one.</source>
        <translation>{path} 不是目录：结果须写入一个目录。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not write {path}: {reason}.</source>
        <translation>无法写入 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../console/cli_indicators.py" line="-27"/>
        <source>Nothing to change: give at least one of {options}.</source>
        <translation>没有要修改的内容：请至少提供以下选项之一：{options}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>--since “{value}” is neither a time span (90m, 6h, 2d) nor a moment in ISO 8601 with a zone.</source>
        <translation>--since 的值“{value}”既不是时长（如 90m、6h、2d），也不是带时区的 ISO 8601 时间点。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>--by “{value}” is not a dimension name (such as region or channel).</source>
        <translation>--by 的值“{value}”不是维度名（如 region 或 channel）。</translation>
    </message>
    <message>
        <location filename="../console/cli_coverage.py" line="+28"/>
        <source>Unknown day {day}: use mon … sun separated by commas, or all, weekdays, weekend.</source>
        <translation>未知的星期 {day}：请使用以逗号分隔的 mon … sun，或 all、weekdays、weekend。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A day is written YYYY-MM-DD (got {given}).</source>
        <translation>日期格式应为 YYYY-MM-DD（实际为 {given}）。</translation>
    </message>
    <message>
        <location filename="../console/services/exception_queue.py" line="-4"/>
        <source>Give a reason to close this exception: it is resolved or excused with a reason, never silently.</source>
        <translation>请填写关闭此考勤异常的原因：考勤异常须注明原因才能解决或豁免，不能悄然关闭。</translation>
    </message>
    <message>
        <location filename="../console/services/leave.py" line="+51"/>
        <source>{agent} already has leave {status} from {first} to {last} (request {id}): change or cancel that one instead.</source>
        <translation>{agent} 在 {first} 至 {last} 已有请假（{status}，申请 {id}）：请改为修改或取消该申请。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Leave request {id} is {status}: it can no longer be {action}.</source>
        <translation>请假申请 {id} 当前为“{status}”：不能再改为“{action}”。</translation>
    </message>
    <message>
        <location filename="../console/services/staffing.py" line="+31"/>
        <source>A window starts at hour 0 to 23 and ends at hour 1 to 24 (got {start}–{end}).</source>
        <translation>时段须在 0–23 点之间开始、在 1–24 点之间结束（实际为 {start}–{end}）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A required headcount is a whole number from 0 to 500 (got {count}).</source>
        <translation>需求人数须为 0 到 500 之间的整数（实际为 {count}）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose at least one weekday.</source>
        <translation>请至少选择一个星期几。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unknown skill {skill}: use one of {known}.</source>
        <translation>未知技能 {skill}：请使用以下之一：{known}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unknown language {language}: use one of {known}.</source>
        <translation>未知语言 {language}：请使用以下之一：{known}。</translation>
    </message>
    <message>
        <location filename="../console/services/floor.py" line="+69"/>
        <source>Seat {seat} is out of use: nobody can be seated there.</source>
        <translation>座位 {seat} 已停用：不能安排任何人就座。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Seat {seat} is taken on the {shift} shift by {agent}: move or unseat them first.</source>
        <translation>座位 {seat} 在 {shift} 班次已由 {agent} 占用：请先将其调走或取消其座位。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{agent} already sits at seat {seat} on the {shift} shift: drag them from that seat to move them.</source>
        <translation>{agent} 在 {shift} 班次已坐在座位 {seat}：如需调整，请从该座位拖动。</translation>
    </message>
    <message>
        <location filename="../console/services/floor_plan.py" line="-29"/>
        <source>{file}: nothing was imported:
{problems}</source>
        <translation>{file}：未导入任何数据：
{problems}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>line {line}, {field}: {problem}</source>
        <translation>第 {line} 行，{field}：{problem}</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+26"/>
        <source>… and {n} more</source>
        <translation>……另有 {n} 处</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Zone {zone} still has {count} seats in use: remove them first.</source>
        <translation>区域 {zone} 仍有 {count} 个在用座位：请先移除这些座位。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{code} is the code of another seat or zone already.</source>
        <translation>{code} 已是另一个座位或区域的编码。</translation>
    </message>
    <message>
        <location filename="../console/services/rota.py" line="+155"/>
        <source>This change breaks the rota&apos;s rules ({rules}); give a reason to make it anyway.</source>
        <translation>此变更违反排班表规则（{rules}）；如仍要执行，请填写原因。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The swap would break the rota&apos;s rules: {rules}.</source>
        <translation>换班将违反排班表规则：{rules}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rota rule {name}: {value} is out of range ({low}–{high}).</source>
        <translation>排班规则 {name}：{value} 超出范围（{low}–{high}）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A rota is generated for 1 to 12 weeks (got {weeks}).</source>
        <translation>排班表可生成 1 至 12 周（实际为 {weeks}）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The {code} shift of {day} has started: it cannot be changed.</source>
        <translation>{day} 的 {code} 班次已开始：不能再修改。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{day} is a leave day on the rota: change the leave, not the shift.</source>
        <translation>{day} 在排班表上是请假日：请修改请假，而不是班次。</translation>
    </message>
    <message>
        <location filename="../console/services/swaps.py" line="+33"/>
        <source>Swap {id} is {status}: it cannot be {action} now.</source>
        <translation>换班申请 {id} 当前为“{status}”：现在不能改为“{action}”。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A shift of swap {id} has started already.</source>
        <translation>换班申请 {id} 中的班次已经开始。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A swap needs another agent.</source>
        <translation>换班需要另一名人员。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You can only ask or answer for your own shifts.</source>
        <translation>只能为自己的班次发起或答复。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only a scheduled shift can be swapped or offered.</source>
        <translation>只有已排班的班次才能换班或让出。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>taken</source>
        <translation>已接手</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../console/services/breaks.py" line="+74"/>
        <source>Break rule {name} must be a whole number from {low} to {high} (got {value}).</source>
        <translation>休息规则 {name} 须为 {low} 到 {high} 之间的整数（实际为 {value}）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unknown break rule {name}: use one of {known}.</source>
        <translation>未知休息规则 {name}：请使用以下之一：{known}。</translation>
    </message>
</context>
<context>
    <name>Event</name>
    <message>
        <location filename="../console/services/lifecycle.py" line="-51"/>
        <source>Opened</source>
        <translation>已创建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Raised again</source>
        <translation>再次触发</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Investigation started</source>
        <translation>开始调查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mitigated</source>
        <translation>已缓解</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reviewed</source>
        <translation>已复盘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reopened</source>
        <translation>已重新打开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marked a duplicate</source>
        <translation>标记为重复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate merged in</source>
        <translation>已合并重复事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SLA breached</source>
        <translation>SLA 超时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escalated automatically</source>
        <translation>自动升级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handed off</source>
        <translation>已移交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handoff acknowledged</source>
        <translation>移交已确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department answered</source>
        <translation>部门已答复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handoff closed</source>
        <translation>移交已闭环</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Handoff overdue</source>
        <translation>移交超时</translation>
    </message>
</context>
<context>
    <name>ExceptionKind</name>
    <message>
        <location filename="../console/services/exceptions.py" line="+47"/>
        <source>Late</source>
        <translation>迟到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No-show</source>
        <translation>未到岗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Early leave</source>
        <translation>早退</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missed punch</source>
        <translation>漏打卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unscheduled absence</source>
        <translation>计划外缺勤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Break overrun</source>
        <translation>休息超时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overtime</source>
        <translation>加班</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>clock-in more than {minutes} min after the start</source>
        <translation>上班打卡晚于班次开始超过 {minutes} 分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no clock-in {minutes} min after the start</source>
        <translation>班次开始 {minutes} 分钟后仍未上班打卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>clock-out more than {minutes} min before the end</source>
        <translation>下班打卡早于班次结束超过 {minutes} 分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no clock-out {minutes} min after the end, or a break edge without its pair</source>
        <translation>班次结束 {minutes} 分钟后仍未下班打卡，或休息开始/结束打卡不成对</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no clock-in at all and no approved leave, {minutes} min after the end</source>
        <translation>班次结束 {minutes} 分钟后仍无任何上班打卡，且无已批准的请假</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>breaks more than {minutes} min over the allowance, or one break over {cap} min</source>
        <translation>休息总时长超出额度 {minutes} 分钟以上，或单次休息超过 {cap} 分钟</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>clock-out more than {minutes} min after the end</source>
        <translation>下班打卡晚于班次结束超过 {minutes} 分钟</translation>
    </message>
</context>
<context>
    <name>ExceptionReason</name>
    <message>
        <location filename="../console/services/exception_queue.py" line="-15"/>
        <source>Sick</source>
        <translation>生病</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved leave</source>
        <translation>已批准请假</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transport</source>
        <translation>交通问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System issue</source>
        <translation>系统问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Family emergency</source>
        <translation>家庭紧急情况</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forgot to punch</source>
        <translation>忘记打卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>ExceptionSeverity</name>
    <message>
        <location filename="../console/services/exceptions.py" line="+5"/>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
</context>
<context>
    <name>ExceptionStatus</name>
    <message>
        <location filename="../console/services/exception_queue.py" line="+3"/>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excused</source>
        <translation>已豁免</translation>
    </message>
</context>
<context>
    <name>ExceptionsModel</name>
    <message>
        <location filename="../ui/models/attendance_exceptions.py" line="+31"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agent</source>
        <translation>人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exception</source>
        <translation>异常类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Min</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Severity</source>
        <translation>严重级别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contacted</source>
        <translation>联系时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+110"/>
        <source>{0} · employee {1} · {2}</source>
        <translation>{0} · 工号 {1} · {2}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Worked by {0}</source>
        <translation>处理人：{0}</translation>
    </message>
</context>
<context>
    <name>ExceptionsPanel</name>
    <message>
        <location filename="../ui/docks/attendance_exceptions.py" line="+142"/>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Last {0} days</source>
        <translation>最近 {0} 天</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open only</source>
        <translation>仅看待处理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide exceptions already resolved or excused</source>
        <translation>隐藏已解决或已豁免的考勤异常</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+174"/>
        <source>Work…</source>
        <translation>处理…</translation>
    </message>
    <message>
        <location line="-173"/>
        <source>Set the reason, when the agent was contacted, a note, and resolve</source>
        <translation>填写原因、联系人员的时间和备注，然后解决</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ledger…</source>
        <translation>纪律台账…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The agent&apos;s discipline ledger: exceptions and coaching notes</source>
        <translation>该人员的纪律台账：考勤异常与辅导记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Policy…</source>
        <translation>策略…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What counts as late, a no-show, an overrun…, and how serious</source>
        <translation>哪些情况算迟到、未到岗、休息超时…，以及各自的严重级别</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Could not read the exceptions: {0}</source>
        <translation>无法读取考勤异常：{0}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{0} open · {1} critical</source>
        <translation>待处理 {0} · 严重 {1}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Select an exception to work it.</source>
        <translation>请选择一条考勤异常进行处理。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} min</source>
        <translation>{0} 分钟</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>contacted {0}</source>
        <translation>已于 {0} 联系</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>by {0}</source>
        <translation>处理人 {0}</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Attendance exception</source>
        <translation>考勤异常</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+55"/>
        <source>Record clock-in / clock-out / break…</source>
        <translation>记录上班打卡 / 下班打卡 / 休息…</translation>
    </message>
    <message>
        <location line="-52"/>
        <location line="+56"/>
        <source>Discipline ledger…</source>
        <translation>纪律台账…</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Record attendance</source>
        <translation>记录考勤</translation>
    </message>
</context>
<context>
    <name>Feed</name>
    <message>
        <location filename="../console/feed.py" line="+54"/>
        <source>the change feed has a gap</source>
        <translation>变更流出现缺口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the change feed went backwards (emptied or rewritten)</source>
        <translation>变更流序号倒退（被清空或改写）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the change feed was pruned past this console&apos;s position</source>
        <translation>变更流已清理到本控制台读取位置之后</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a table was emptied</source>
        <translation>有数据表被清空</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>too many changes to replay after an outage</source>
        <translation>离线期间变更过多，无法逐条补读</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the database does not answer</source>
        <translation>数据库无响应</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cannot reach the database: {0}</source>
        <translation>无法连接数据库：{0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the database file was moved or deleted</source>
        <translation>数据库文件已被移动或删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the database file was replaced by another file</source>
        <translation>数据库文件已被另一个文件替换</translation>
    </message>
</context>
<context>
    <name>FirstStart</name>
    <message>
        <location filename="../ui/firststart.py" line="-144"/>
        <source>Watchfloor</source>
        <translation>Watchfloor</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>First start: creating the demo floor ({0} days of history)…</source>
        <translation>首次启动：正在创建演示现场（含 {0} 天历史数据）…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Cancel leaves the database empty and closes Watchfloor; the demo floor is offered again at the next start.</source>
        <translation>取消后数据库保持为空，Watchfloor 将关闭；下次启动时会再次创建演示现场。</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Elapsed: {0}</source>
        <translation>已用时间：{0}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Cancelling: nothing of the demo floor is kept…</source>
        <translation>正在取消：演示现场的任何数据都不会保留…</translation>
    </message>
</context>
<context>
    <name>FloorClock</name>
    <message>
        <location filename="../ui/clock.py" line="+76"/>
        <source>Floor time {0} {1}</source>
        <translation>现场时间 {0} {1}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} · times shown in {1} ({2} {3})</source>
        <translation>{0} · 界面时间按 {1} 显示（{2} {3}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The floor&apos;s time zone, {0}, comes from the floor in the database; shifts follow it.</source>
        <translation>现场时区 {0} 取自数据库中的现场设置；班次按此时区计算。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The floor_timezone setting ({0}) only chooses the zone times are shown in.</source>
        <translation>设置项 floor_timezone（{0}）只决定界面显示时间所用的时区。</translation>
    </message>
</context>
<context>
    <name>FloorDock</name>
    <message>
        <location filename="../ui/docks/floor.py" line="+269"/>
        <source>Floor</source>
        <translation>现场座位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Auto-assign seats</source>
        <translation>自动分配座位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>List by zone</source>
        <translation>按区域列出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit floor plan</source>
        <translation>编辑座位平面图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save layout</source>
        <translation>保存布局</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add seat</source>
        <translation>添加座位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove seat</source>
        <translation>移除座位</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+230"/>
        <location line="+3"/>
        <source>Add zone</source>
        <translation>添加区域</translation>
    </message>
    <message>
        <location line="-232"/>
        <source>Remove zone</source>
        <translation>移除区域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Unseated ({0}):</source>
        <translation>未分配座位（{0}）：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No floor in this database yet — run &apos;watchfloor demo&apos;</source>
        <translation>该数据库中还没有现场 — 请运行 &apos;watchfloor demo&apos;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No shift is running now: the seats are shown empty.</source>
        <translation>当前没有进行中的班次：座位显示为空。</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Refused: {0}</source>
        <translation>操作被拒绝：{0}</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+15"/>
        <source>No shift is running: seats are given for a shift.</source>
        <translation>当前没有进行中的班次：座位按班次分配。</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Seated.</source>
        <translation>已安排座位。</translation>
    </message>
    <message>
        <location line="-113"/>
        <source>Seat everyone rostered on a shift who has no seat: by desk, skill and language</source>
        <translation>为班次中已排班但没有座位的人员分配座位：按席位组、技能和语言</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This shift</source>
        <translation>本班次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The coming shift</source>
        <translation>下一班次</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>No shift follows this one on the rota&apos;s patterns.</source>
        <translation>排班模式中本班次之后没有班次。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{0} agents seated for the shift starting {1}.</source>
        <translation>已为 {1} 开始的班次分配 {0} 人的座位。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Layout saved: {0} moved.</source>
        <translation>布局已保存：已移动 {0} 项。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Select a zone first: the seat goes into it.</source>
        <translation>请先选择区域：座位将添加到该区域。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Seat added.</source>
        <translation>已添加座位。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Select the seats to remove first.</source>
        <translation>请先选择要移除的座位。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{0} seats removed.</source>
        <translation>已移除 {0} 个座位。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Zone code (short, unique):</source>
        <translation>区域编码（简短、唯一）：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Zone name:</source>
        <translation>区域名称：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Zone added.</source>
        <translation>已添加区域。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Select the zone to remove first.</source>
        <translation>请先选择要移除的区域。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Zone removed.</source>
        <translation>已移除区域。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export the floor plan</source>
        <translation>导出座位平面图</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+20"/>
        <source>Floor plan (*.json)</source>
        <translation>座位平面图 (*.json)</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Floor plan exported to {0}.</source>
        <translation>座位平面图已导出到 {0}。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import a floor plan</source>
        <translation>导入座位平面图</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot read {0}: {1}</source>
        <translation>无法读取 {0}：{1}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Floor plan imported from {0}.</source>
        <translation>已从 {0} 导入座位平面图。</translation>
    </message>
    <message>
        <location filename="../ui/docks/floor_tools.py" line="+95"/>
        <source>{0} · {1} · no seat on this shift</source>
        <translation>{0} · {1} · 本班次未分配座位</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Team: {0}</source>
        <translation>团队：{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Skills: {0}</source>
        <translation>技能：{0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Languages: {0}</source>
        <translation>语言：{0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Shift: {0} {1}–{2}</source>
        <translation>班次：{0} {1}–{2}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clocked in {0}</source>
        <translation>{0} 上班打卡</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not clocked in</source>
        <translation>未打卡</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Breaks: {0} min</source>
        <translation>休息：{0} 分钟</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not rostered on this shift</source>
        <translation>本班次未排班</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>clocked in</source>
        <translation>上班打卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>clocked out</source>
        <translation>下班打卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>break started</source>
        <translation>开始休息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>break ended</source>
        <translation>结束休息</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Today:</source>
        <translation>今日：</translation>
    </message>
</context>
<context>
    <name>FloorFile</name>
    <message>
        <location filename="../console/services/floor_plan.py" line="-66"/>
        <source>is required</source>
        <translation>为必填项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be a number</source>
        <translation>必须是数字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be a number above 0</source>
        <translation>必须是大于 0 的数字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be text of 1 to {n} characters</source>
        <translation>必须是 1 到 {n} 个字符的文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be a list</source>
        <translation>必须是列表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be an object</source>
        <translation>必须是对象</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{code} is used twice (first on line {line})</source>
        <translation>{code} 重复使用（首次出现在第 {line} 行）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>seat {code} lies outside its zone</source>
        <translation>座位 {code} 位于其所属区域之外</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{value} is not a time zone</source>
        <translation>{value} 不是有效的时区</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{code} belongs to another floor</source>
        <translation>{code} 属于另一个现场</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>must be {expected}</source>
        <translation>必须为 {expected}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>this is not JSON: {detail}</source>
        <translation>不是有效的 JSON：{detail}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is not a field of a floor file</source>
        <translation>不是座位平面图文件中的字段</translation>
    </message>
</context>
<context>
    <name>FloorMap</name>
    <message>
        <location filename="../ui/docks/floor_map.py" line="+116"/>
        <source>{0} / {1}</source>
        <comment>zone header: at desks / required</comment>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0}: {1} at their desks; {2} required now; {3} rostered on this shift</source>
        <translation>{0}：在岗 {1} 人；当前需 {2} 人；本班次排班 {3} 人</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0}: {1} at their desks of {2} rostered on this shift</source>
        <translation>{0}：在岗 {1} 人，本班次排班 {2} 人</translation>
    </message>
</context>
<context>
    <name>FloorMomentsModel</name>
    <message>
        <location filename="../ui/models/review.py" line="-100"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On floor / rostered</source>
        <translation>在岗 / 排班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who was on the floor</source>
        <translation>在岗人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open incidents</source>
        <translation>未结事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Indicator</source>
        <translation>风险指标</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>({0} on break)</source>
        <translation>（{0} 人休息）</translation>
    </message>
</context>
<context>
    <name>GenerateDialog</name>
    <message>
        <location filename="../ui/docks/rota_generate.py" line="+48"/>
        <source>Generate the rota</source>
        <translation>生成排班表</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>First day</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weeks</source>
        <translation>周数</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The solver takes up to {0} s. Nothing is stored until you publish.</source>
        <translation>求解器最长运行 {0} 秒。发布前不会保存任何内容。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Generating {0} weeks from {1}…</source>
        <translation>正在从 {1} 起生成 {0} 周排班…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Solver: {0}, {1:.1f} s. Check the figures, then publish.</source>
        <translation>求解器：{0}，用时 {1:.1f} 秒。请核对数据后再发布。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not generate: {0}</source>
        <translation>无法生成：{0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} – {1}: {2} shifts</source>
        <translation>{0} – {1}：{2} 个班次</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Per agent (min / max / mean):</source>
        <translation>每人（最少 / 最多 / 平均）：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0:&lt;22} {1:&gt;16} {2:&gt;16} {3:&gt;16}</source>
        <translation>{0:&lt;22} {1:&gt;16} {2:&gt;16} {3:&gt;16}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Desk</source>
        <translation>席位组</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shifts</source>
        <translation>班次数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Nights</source>
        <translation>夜班数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Weekends</source>
        <translation>周末班数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Whole floor</source>
        <translation>全现场</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Coverage it could not meet ({0}):</source>
        <translation>未能满足的人力覆盖（{0}）：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every requirement is covered.</source>
        <translation>所有需求均已覆盖。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Publishing…</source>
        <translation>正在发布…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Published: {0} added, {1} changed, {2} removed.</source>
        <translation>已发布：新增 {0}，修改 {1}，删除 {2}。</translation>
    </message>
</context>
<context>
    <name>Handover</name>
    <message>
        <location filename="../console/services/handover_text.py" line="+29"/>
        <source>Morning</source>
        <translation>早班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evening</source>
        <translation>中班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Night</source>
        <translation>夜班</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Silent</source>
        <translation>无数据</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{0} h {1:02d} min</source>
        <translation>{0} 小时 {1:02d} 分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} min</source>
        <translation>{0} 分钟</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Shift handover: {shift} shift of {date}</source>
        <translation>交接班：{date} {shift}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Shift {start}–{end} {zone}. Prepared by **{who}** at {at} {zone} (figures as of then).</source>
        <translation>班次 {start}–{end} {zone}。由 **{who}** 于 {at} {zone} 准备（数据截至该时刻）。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Signed off by **{who}** at {at} {zone}.</source>
        <translation>已由 **{who}** 于 {at} {zone} 签收。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Note: {0}</source>
        <translation>备注：{0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not signed off yet.</source>
        <translation>尚未签收。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Open incidents ({0})</source>
        <translation>未处理风险事件（{0}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No open incidents.</source>
        <translation>没有未处理的风险事件。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>resolve</source>
        <translation>解决</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{which} SLA breached {time} ago</source>
        <translation>{which} SLA 已超时 {time}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{which} SLA: {time} left</source>
        <translation>{which} SLA：剩余 {time}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sev.</source>
        <translation>级别</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+27"/>
        <source>Incident</source>
        <translation>风险事件</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SLA</source>
        <translation>SLA（服务时限）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Waiting on departments ({0})</source>
        <translation>等待部门处理的移交（{0}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No handoff is waiting on a department.</source>
        <translation>没有等待部门处理的移交。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>OVERDUE by {0}</source>
        <translation>已超时 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>due in {0}</source>
        <translation>{0} 后到期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asked for</source>
        <translation>请求事项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requested</source>
        <translation>提出时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due</source>
        <translation>时限</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Risk indicators needing attention ({0})</source>
        <translation>需关注的风险指标（{0}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every indicator is normal and reporting.</source>
        <translation>所有指标正常且数据在更新。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Silent since {0}</source>
        <translation>自 {0} 起无数据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No data</source>
        <translation>无数据</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>warning {0} / critical {1}</source>
        <translation>预警 {0} / 严重 {1}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latest</source>
        <translation>最新值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thresholds</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Staffing</source>
        <translation>人力覆盖</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Desk</source>
        <translation>席位组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rostered</source>
        <translation>排班人数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Came in</source>
        <translation>已到岗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On the floor</source>
        <translation>在现场</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Late</source>
        <translation>迟到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Absent</source>
        <translation>缺勤</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On leave</source>
        <translation>请假</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nobody was rostered on this shift.</source>
        <translation>本班次没有排班人员。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attendance exceptions ({0})</source>
        <translation>考勤异常（{0}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>({0} min, in at {1})</source>
        <translation>（{0} 分钟，{1} 到岗）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Next shift: {shift} {start}–{end}</source>
        <translation>下一班次：{shift} {start}–{end}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{desk}: {rostered} rostered, {leave} on leave</source>
        <translation>{desk}：排班 {rostered} 人，请假 {leave} 人</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nobody is rostered yet.</source>
        <translation>尚无人排班。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>On leave: {0}</source>
        <translation>请假：{0}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Shift log ({0})</source>
        <translation>值班日志（{0}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing was written in the shift log.</source>
        <translation>本班次值班日志为空。</translation>
    </message>
</context>
<context>
    <name>HandoverDock</name>
    <message>
        <location filename="../ui/docks/handover.py" line="+174"/>
        <source>Shift log &amp;&amp; handover</source>
        <translation>值班日志与交接班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write in the shift log; Enter adds it</source>
        <translation>写入值班日志；按回车添加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prepare handover</source>
        <translation>准备交接班</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Prepare the handover brief of the running shift as it stands now, and keep it</source>
        <translation>按当前状况生成本班次的交接班简报并保存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export Markdown…</source>
        <translation>导出 Markdown…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign off…</source>
        <translation>签收…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The shift before this one ended without a handover: prepare its brief now</source>
        <translation>上一班次结束时没有交接班：现在为其准备简报</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No shift is running.</source>
        <translation>当前没有进行中的班次。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{0} shift {1}–{2}: {3} log entries</source>
        <translation>{0} {1}–{2}：{3} 条日志</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>About {0} (chosen in the queue)</source>
        <translation>关联 {0}（事件队列中选中的事件）</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No handover has been prepared for this shift yet.</source>
        <translation>本班次尚未准备交接班。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Handover of the {0} shift, prepared by {1} at {2}.</source>
        <translation>{0}交接班，由 {1} 于 {2} 准备。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Signed off by {0} at {1}.</source>
        <translation>已由 {0} 于 {1} 签收。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Signed off already</source>
        <translation>已签收</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting for the incoming supervisor&apos;s sign-off.</source>
        <translation>等待接班主管签收。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You prepared it: the incoming supervisor signs it off</source>
        <translation>交接班由您准备：应由接班主管签收</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take the shift over on this brief</source>
        <translation>按此简报接班</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Hand over the {0} shift</source>
        <translation>为{0}准备交接班</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Handover prepared.</source>
        <translation>交接班已准备好。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sign off the handover</source>
        <translation>签收交接班</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Note for the record (optional):</source>
        <translation>备注（可选）：</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Handover signed off.</source>
        <translation>交接班已签收。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Refused: {0}</source>
        <translation>未执行：{0}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export the handover</source>
        <translation>导出交接班</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Shift handover</source>
        <translation>交接班</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Exported to {0}</source>
        <translation>已导出到 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not export: {0}</source>
        <translation>无法导出：{0}</translation>
    </message>
</context>
<context>
    <name>IncidentDetailDock</name>
    <message>
        <location filename="../ui/docks/incident_detail.py" line="+188"/>
        <source>Incident</source>
        <translation>事件详情</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Review…</source>
        <translation>事件复盘…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The post-incident review: impact, root cause, action items</source>
        <translation>事件复盘：影响、根本原因、改进措施</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Choose an incident in the queue to see it here.</source>
        <translation>在事件队列中选择一个风险事件，即可在此查看详情。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{0}: {1} (due in {2}{3})</source>
        <translation>{0}：{1}（剩余 {2}{3}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>, acknowledged</source>
        <translation>，已确认接收</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Waiting on departments:</source>
        <translation>等待部门处理：</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>resolve</source>
        <translation>解决</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} SLA {1}</source>
        <translation>{0} SLA {1}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>escalated to {0}</source>
        <translation>已升级至 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>duplicate of {0}</source>
        <translation>与 {0} 重复</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>merged here: {0}</source>
        <translation>已合并至此：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>indicator chart</source>
        <translation>指标图表</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>raised {0} times</source>
        <translation>已触发 {0} 次</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{0} opened</source>
        <translation>{0} 开启</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>review required</source>
        <translation>需要事件复盘</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>review written</source>
        <translation>已完成复盘</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Runbook {0}/{1}</source>
        <translation>处置手册 {0}/{1}</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+10"/>
        <source>Runbook</source>
        <translation>处置手册</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Note on {0}</source>
        <translation>{0} 的备注</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Mark duplicate</source>
        <translation>标记为重复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} duplicates which incident (its ref)?</source>
        <translation>{0} 与哪个风险事件重复（填写编号）？</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Resolve with open handoffs</source>
        <translation>在部门交接未完成时解决</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} departments have not answered. Why resolve now?</source>
        <translation>还有 {0} 个部门未答复。为何现在解决？</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{0}: {1} done.</source>
        <translation>{0}：已{1}。</translation>
    </message>
    <message>
        <location line="-77"/>
        <location line="+81"/>
        <source>{0}: {1} refused. {2}</source>
        <translation>{0}：{1}被拒绝。{2}</translation>
    </message>
    <message>
        <location line="-105"/>
        <source>reviewed, open action items: {0}</source>
        <translation>已复盘，未完成改进措施：{0} 项</translation>
    </message>
    <message>
        <location line="+136"/>
        <source>Hand off {0}</source>
        <translation>交接 {0}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>e.g. freeze the withdrawals of the accounts listed</source>
        <translation>例如：冻结所列账户的提现</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requested action</source>
        <translation>请求的处理</translation>
    </message>
</context>
<context>
    <name>IncidentQueueModel</name>
    <message>
        <location filename="../ui/models/incident_queue.py" line="+38"/>
        <location line="+206"/>
        <source>Severity</source>
        <translation>严重级别</translation>
    </message>
    <message>
        <location line="-205"/>
        <location line="+204"/>
        <source>Ref</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="-203"/>
        <location line="+205"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location line="-204"/>
        <location line="+205"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="-204"/>
        <source>Age</source>
        <translation>已持续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SLA left</source>
        <translation>SLA 剩余</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+204"/>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location line="-203"/>
        <location line="+202"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>{0} % of the SLA gone</source>
        <translation>SLA 已用 {0} %</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Opened</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acknowledge by</source>
        <translation>确认截止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acknowledged</source>
        <translation>确认时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolve by</source>
        <translation>解决截止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SLA left (min)</source>
        <translation>SLA 剩余（分钟）</translation>
    </message>
</context>
<context>
    <name>IncidentsDock</name>
    <message>
        <location filename="../ui/docks/incidents.py" line="+657"/>
        <source>Incidents</source>
        <translation>风险事件</translation>
    </message>
    <message>
        <location line="-342"/>
        <source>&amp;Copy rows</source>
        <translation>复制所选行(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export the queue…</source>
        <translation>导出事件队列(&amp;E)…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>◀ Previous</source>
        <translation>◀ 上一个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous incident (K)</source>
        <translation>上一个事件（K）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next ▶</source>
        <translation>下一个 ▶</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next incident (J)</source>
        <translation>下一个事件（J）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Search ref, title, owner…</source>
        <translation>搜索编号、标题、负责人…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Severity, status, category, owner and department</source>
        <translation>严重度、状态、类别、负责人和部门</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Any category</source>
        <translation>任意类别</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Anyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Any department</source>
        <translation>任意部门</translation>
    </message>
    <message numerus="yes">
        <location line="+233"/>
        <source>%n incident(s) copied</source>
        <translation>
            <numerusform>已复制 %n 个风险事件</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Export the queue</source>
        <translation>导出事件队列</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>%n incident(s) exported to {0}</source>
        <translation>
            <numerusform>已将 %n 个风险事件导出到 {0}</numerusform>
        </translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Open {0} · P1 {1} · P2 {2} · SLA breached {3} · unassigned {4}</source>
        <translation>未关闭 {0} · P1 {1} · P2 {2} · SLA 超时 {3} · 未分配 {4}</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n ended incident(s) found</source>
        <translation>
            <numerusform>找到 %n 个已结束事件</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>showing {0} of {1}</source>
        <translation>显示 {0} / {1}</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n need(s) attention</source>
        <translation>
            <numerusform>%n 个待处理</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IndicatorCharts</name>
    <message>
        <location filename="../ui/docks/chart_panel.py" line="+42"/>
        <source>1 h</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>6 h</source>
        <translation>6 小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>24 h</source>
        <translation>24 小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>7 d</source>
        <translation>7 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>30 d</source>
        <translation>30 天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>90 d</source>
        <translation>90 天</translation>
    </message>
    <message>
        <location line="+213"/>
        <source>The charts could not be read: {0}</source>
        <translation>无法读取图表：{0}</translation>
    </message>
    <message>
        <location line="+227"/>
        <source>Now</source>
        <translation>现在</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Back to the range ending now (undo zoom and pan)</source>
        <translation>回到截至现在的时间范围（撤销缩放和平移）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Backtest</source>
        <translation>回测</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shade where a rule on this indicator would have fired in this range</source>
        <translation>用阴影标出此时间范围内该指标的规则本会触发的时段</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>{0} would fire {1} to {2}</source>
        <translation>{0} 本会在 {1} 至 {2} 触发</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>{0} would fire from {1}</source>
        <translation>{0} 本会自 {1} 起触发</translation>
    </message>
    <message>
        <location line="-36"/>
        <source> (disabled)</source>
        <translation>（已停用）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Clear the backtest</source>
        <translation>清除回测</translation>
    </message>
    <message>
        <location line="+110"/>
        <source>Show the last {0}</source>
        <translation>显示最近 {0}</translation>
    </message>
    <message>
        <location line="-119"/>
        <source>No rules on this indicator</source>
        <translation>该指标没有规则</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>backtest: fires {0} times</source>
        <translation>回测：触发 {0} 次</translation>
    </message>
    <message>
        <location filename="../ui/docks/indicator_charts.py" line="+120"/>
        <source>low {0} · high {1} · {2} samples</source>
        <translation>最低 {0} · 最高 {1} · {2} 个样本</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>normal {0}–{1}</source>
        <translation>正常范围 {0}–{1}</translation>
    </message>
    <message>
        <location filename="../ui/docks/indicator_plot.py" line="+162"/>
        <source>{0} threshold: {1}</source>
        <translation>{0}阈值：{1}</translation>
    </message>
    <message>
        <location line="+145"/>
        <source>{0} (P{1}): click to open it</source>
        <translation>{0}（P{1}）：点击打开</translation>
    </message>
</context>
<context>
    <name>IndicatorForm</name>
    <message>
        <location filename="../ui/catalogue_form.py" line="+115"/>
        <source>Key</source>
        <translation>编码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Worse when</source>
        <translation>恶化方向</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warning at</source>
        <translation>预警阈值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Critical at</source>
        <translation>严重阈值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sampling interval</source>
        <translation>采样间隔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SOP</source>
        <translation>SOP</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>e.g. aml.mixer_deposits</source>
        <translation>例如 aml.mixer_deposits</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. count/min, %, USD/min</source>
        <translation>例如 count/min、%、USD/min</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>optional: the English name shows without it</source>
        <translation>可选：不填则显示英文名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. 1500</source>
        <translation>例如 1500</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>beyond warning, the way that is worse</source>
        <translation>须在恶化方向上超过预警阈值</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a runbook, or an http(s) address</source>
        <translation>处置手册，或 http(s) 地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>higher is worse</source>
        <translation>越高越差</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>lower is worse</source>
        <translation>越低越差</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No SOP linked.</source>
        <translation>未关联 SOP。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Runbook: {0}</source>
        <translation>处置手册：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A page outside Watchfloor.</source>
        <translation>Watchfloor 之外的网页。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Neither a runbook nor an http(s) address.</source>
        <translation>既不是处置手册，也不是 http(s) 地址。</translation>
    </message>
</context>
<context>
    <name>IndicatorModel</name>
    <message>
        <location filename="../ui/models/indicators.py" line="+40"/>
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No data</source>
        <translation>无数据</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Warning since {0}</source>
        <translation>自 {0} 起预警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Critical since {0}</source>
        <translation>自 {0} 起严重</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Warning since before {0}</source>
        <translation>{0} 之前已预警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Critical since before {0}</source>
        <translation>{0} 之前已严重</translation>
    </message>
    <message>
        <location line="+111"/>
        <source>Indicator</source>
        <translation>风险指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latest</source>
        <translation>最新值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{0}: warning {1}, critical {2} ({3})</source>
        <translation>{0}：预警 {1}，严重 {2}（{3}）</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Silent since {0}</source>
        <translation>自 {0} 起无数据</translation>
    </message>
</context>
<context>
    <name>IndicatorsDock</name>
    <message>
        <location filename="../ui/docks/indicators.py" line="+115"/>
        <source>Risk indicators</source>
        <translation>风险指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalogue…</source>
        <translation>指标目录…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The indicator catalogue: names, units, thresholds, areas and SOPs</source>
        <translation>风险指标目录：名称、单位、阈值、区域和 SOP</translation>
    </message>
    <message>
        <location line="+203"/>
        <source>{0} indicators · critical {1} · warning {2} · no data {3}</source>
        <translation>{0} 项指标 · 严重 {1} · 预警 {2} · 无数据 {3}</translation>
    </message>
</context>
<context>
    <name>Ingest</name>
    <message>
        <location filename="../console/ingest.py" line="-48"/>
        <source>expected {expected} columns, found {found}</source>
        <translation>应有 {expected} 列，实际 {found} 列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown indicator “{key}”</source>
        <translation>未知指标“{key}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{text}” is not a number</source>
        <translation>“{text}”不是数字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the value {text} is not a finite number</source>
        <translation>数值 {text} 不是有限数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{text}” is not a timestamp (ISO 8601 with a zone, or Unix seconds)</source>
        <translation>“{text}”不是时间戳（须为带时区的 ISO 8601 或 Unix 秒数）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the timestamp “{text}” has no time zone</source>
        <translation>时间戳“{text}”缺少时区</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../console/services/badge_import.py" line="+69"/>
        <source>the line is not UTF-8 text</source>
        <translation>该行不是 UTF-8 文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the line is not a JSON object</source>
        <translation>该行不是 JSON 对象</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the line is not valid JSON ({detail})</source>
        <translation>该行不是有效的 JSON（{detail}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the line is not valid CSV ({detail})</source>
        <translation>该行不是有效的 CSV（{detail}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” is missing</source>
        <translation>缺少“{name}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the header must name the columns indicator, timestamp and value</source>
        <translation>表头须包含 indicator、timestamp 和 value 三列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{name}” is not a dimension name (lower-case letters, digits and _, starting with a letter, at most 32; not indicator, timestamp, value or dims)</source>
        <translation>“{name}”不是有效的维度名（须由小写字母、数字和 _ 组成，以字母开头，最多 32 个字符；不能是 indicator、timestamp、value 或 dims）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the dimension {name} has the value “{text}”: a value is text of at most 64 characters without ; or =</source>
        <translation>维度 {name} 的值为“{text}”：维度值须为不含 ; 或 = 的文本，最多 64 个字符</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>at most {limit} dimensions ({count} given)</source>
        <translation>最多 {limit} 个维度（实际 {count} 个）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the dimension “{name}” is given twice</source>
        <translation>维度“{name}”重复出现</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the column “{name}” appears twice in the header</source>
        <translation>表头中列“{name}”出现了两次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“dims” must be an object of dimension names and values</source>
        <translation>“dims”必须是由维度名和值组成的对象</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>there are no samples</source>
        <translation>没有任何样本</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+5"/>
        <source>line {line}: {reason}</source>
        <translation>第 {line} 行：{reason}</translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+10"/>
        <source>… and {count} more</source>
        <translation>……另有 {count} 处</translation>
    </message>
    <message>
        <location filename="../console/services/badge_import.py" line="-10"/>
        <source>expected badge id, timestamp, device and direction; found {found} column(s)</source>
        <translation>应有工牌号、时间戳、设备和方向四列；实际找到 {found} 列</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no agent has the badge “{badge}”</source>
        <translation>没有人员持有工牌“{badge}”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{text}” is not a floor time like 2026-12-01 07:58:12</source>
        <translation>“{text}”不是 2026-12-01 07:58:12 这样的现场时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>“{text}” is not a direction (in, out, or the punch state 0, 1, 2 or 3)</source>
        <translation>“{text}”不是有效的方向（应为 in、out，或打卡状态 0、1、2、3）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the same punch as line {first}</source>
        <translation>与第 {first} 行的打卡记录重复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>there are no punches</source>
        <translation>没有任何打卡记录</translation>
    </message>
</context>
<context>
    <name>Leave</name>
    <message>
        <location filename="../console/services/leave.py" line="-25"/>
        <source>annual</source>
        <translation>年假</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sick</source>
        <translation>病假</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>emergency</source>
        <translation>紧急假</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>requested</source>
        <translation>待审批</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+24"/>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location line="-23"/>
        <location line="+24"/>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location line="-23"/>
        <location line="+24"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>LeaveDialog</name>
    <message>
        <location filename="../ui/docks/leave_dialog.py" line="+134"/>
        <source>Leave requests</source>
        <translation>请假申请</translation>
    </message>
    <message>
        <location line="-60"/>
        <location line="+129"/>
        <source>Agent</source>
        <translation>人员</translation>
    </message>
    <message>
        <location line="-128"/>
        <location line="+130"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="-129"/>
        <source>From</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+129"/>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <location line="-128"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+131"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="-130"/>
        <source>Asked by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decided by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel request</source>
        <translation>撤销申请</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Approving leave needs a role that may change the rota</source>
        <translation>批准请假需要有修改排班表权限的角色</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ask for leave</source>
        <translation>申请请假</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Request</source>
        <translation>提交申请</translation>
    </message>
    <message>
        <location line="+105"/>
        <source>Leave approved for {0}.</source>
        <translation>已批准 {0} 的请假。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave rejected for {0}.</source>
        <translation>已驳回 {0} 的请假。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave cancelled for {0}.</source>
        <translation>已取消 {0} 的请假。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose the agent from the list.</source>
        <translation>请从列表中选择人员。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The last day is before the first.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Leave requested for {0}.</source>
        <translation>已为 {0} 提交请假申请。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Refused: {0}</source>
        <translation>操作被拒绝：{0}</translation>
    </message>
</context>
<context>
    <name>Ledger</name>
    <message>
        <location filename="../ui/ledger.py" line="+43"/>
        <source>Coaching note</source>
        <translation>辅导记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adherence</source>
        <translation>排班遵从度</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+15"/>
        <source>{0} min</source>
        <translation>{0} 分钟</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
</context>
<context>
    <name>LedgerDialog</name>
    <message>
        <location line="+30"/>
        <source>Discipline ledger: {0}</source>
        <translation>纪律台账：{0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Last {0} days</source>
        <translation>最近 {0} 天</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>A coaching note: what was discussed, what was agreed</source>
        <translation>辅导记录：沟通内容及约定事项</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add note</source>
        <translation>添加辅导记录</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>{0} exceptions · {1} coaching notes</source>
        <translation>考勤异常 {0} 条 · 辅导记录 {1} 条</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Write the note first.</source>
        <translation>请先填写辅导记录。</translation>
    </message>
</context>
<context>
    <name>LiveDock</name>
    <message>
        <location filename="../ui/docks/base.py" line="+233"/>
        <location line="+44"/>
        <source>Could not refresh: {0}</source>
        <translation>无法刷新：{0}</translation>
    </message>
</context>
<context>
    <name>LiveHub</name>
    <message>
        <location filename="../ui/hub.py" line="+151"/>
        <source>live updates stopped ({0}); restarting</source>
        <translation>实时更新已中断（{0}），正在重启</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>the database does not answer</source>
        <translation>数据库无响应</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.py" line="+259"/>
        <source>Watchfloor — risk operations floor</source>
        <translation>Watchfloor — 风控运营现场</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Watchfloor wall screen</source>
        <translation>Watchfloor 大屏</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About Watchfloor</source>
        <translation>关于 Watchfloor(&amp;A)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>About Watchfloor</source>
        <translation>关于 Watchfloor</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Watchfloor {0}
Supervisor console for the risk operations floor.
Database: {1}</source>
        <translation>Watchfloor {0}
风控运营现场主管控制台。
数据库：{1}</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Watchfloor</source>
        <translation>Watchfloor</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cannot read the floor: {0}</source>
        <translation>无法读取现场数据：{0}</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>The audit log has been tampered with. {0} Tell the floor&apos;s admin and Security.</source>
        <translation>审计日志已被篡改。{0} 请立即通知现场管理员和安全团队。</translation>
    </message>
</context>
<context>
    <name>MonthModel</name>
    <message>
        <location filename="../ui/models/attendance_month.py" line="+35"/>
        <location line="+5"/>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Agent</source>
        <translation>人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agents</source>
        <translation>人数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shifts</source>
        <translation>班次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Worked</source>
        <translation>出勤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave</source>
        <translation>请假</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Absent</source>
        <translation>缺勤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attendance</source>
        <translation>出勤率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Punctual</source>
        <translation>准时率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Late
(min)</source>
        <translation>迟到
（分钟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overtime
(min)</source>
        <translation>加班
（分钟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Break
(min)</source>
        <translation>休息
（分钟）</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Shifts on the rota, leave included</source>
        <translation>排班表上的班次，含请假</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Worked shifts / (worked shifts + absences)</source>
        <translation>出勤班次 / (出勤班次 + 缺勤次数)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Worked shifts clocked in within the 5-minute grace period</source>
        <translation>出勤班次中在 5 分钟宽限期内上班打卡的比例</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Minutes clocked out after the shift&apos;s end</source>
        <translation>班次结束后才下班打卡的分钟数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shifts on approved leave (annual / sick / emergency)</source>
        <translation>已批准请假的班次（年假 / 病假 / 紧急假）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{0} · employee {1} · {2}</source>
        <translation>{0} · 工号 {1} · {2}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>annual {0} · sick {1} · emergency {2}</source>
        <translation>年假 {0} · 病假 {1} · 紧急假 {2}</translation>
    </message>
</context>
<context>
    <name>MonthPanel</name>
    <message>
        <location filename="../ui/docks/attendance_month.py" line="+128"/>
        <source>The month before</source>
        <translation>上个月</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The month after</source>
        <translation>下个月</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The month (shifts count in the month they start in)</source>
        <translation>月份（班次计入其开始时所在的月份）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per agent</source>
        <translation>按人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Per team</source>
        <translation>按团队</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export to Excel…</source>
        <translation>导出到 Excel…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write the month&apos;s figures per agent and team, and its shifts</source>
        <translation>导出本月按人员和按团队的统计数据，以及班次明细</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>Could not read the month: {0}</source>
        <translation>无法读取该月数据：{0}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Rostered {0}</source>
        <translation>排班 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Worked {0}</source>
        <translation>出勤 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Absent {0}</source>
        <translation>缺勤 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attendance {0}</source>
        <translation>出勤率 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Punctual {0}</source>
        <translation>准时率 {0}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Still to come {0}</source>
        <translation>待进行 {0}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export the month&apos;s attendance</source>
        <translation>导出本月考勤</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Wrote {0} agents to {1}</source>
        <translation>已将 {0} 名人员的数据写入 {1}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
</context>
<context>
    <name>MovesModel</name>
    <message>
        <location filename="../ui/models/coverage.py" line="+26"/>
        <source>Who could move</source>
        <translation>可调配人员</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{0}: {1} → {2}</source>
        <translation>{0}：{1} → {2}</translation>
    </message>
</context>
<context>
    <name>Perm</name>
    <message>
        <location filename="../console/auth.py" line="+16"/>
        <source>manage the organisation</source>
        <translation>管理组织架构</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change the floor plan or seating</source>
        <translation>修改座位平面图或座位安排</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change the rota</source>
        <translation>修改排班表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>record attendance</source>
        <translation>记录考勤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ingest indicator samples</source>
        <translation>导入风险指标数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change risk indicators</source>
        <translation>修改风险指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>open an incident</source>
        <translation>创建风险事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>work an incident</source>
        <translation>处理风险事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>write post-incident reviews</source>
        <translation>撰写事件复盘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>keep the shift log and hand the shift over</source>
        <translation>记录值班日志并进行交接班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change how long the change feed is kept</source>
        <translation>修改变更流的保留时长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>manage users and their roles</source>
        <translation>管理用户及其角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>work attendance exceptions and keep coaching notes</source>
        <translation>处理考勤异常并撰写辅导记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>change the attendance exception policies</source>
        <translation>修改考勤异常规则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>request a shift swap</source>
        <translation>申请换班</translation>
    </message>
</context>
<context>
    <name>PolicyDialog</name>
    <message>
        <location filename="../ui/policy_dialog.py" line="+48"/>
        <source>late after a grace of</source>
        <translation>宽限期，超过即计为迟到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a no-show when not in after</source>
        <translation>班次开始超过此时长仍未到岗，即计为未到岗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>early when out more than this before the end</source>
        <translation>早于班次结束超过此时长下班，即计为早退</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a missed clock-out this long after the end</source>
        <translation>班次结束此时长后仍未下班打卡，即计为漏打卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>absent when not in this long after the end</source>
        <translation>班次结束此时长后仍未到岗，即计为计划外缺勤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>breaks over the allowance by more than</source>
        <translation>休息总时长超出额度超过此时长，即计为休息超时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>overtime when out more than this after the end</source>
        <translation>晚于班次结束超过此时长下班，即计为加班</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{0} was not saved: {1}</source>
        <translation>{0} 未保存：{1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+315"/>
        <source>Saved: {0}.</source>
        <translation>已保存：{0}。</translation>
    </message>
    <message>
        <location line="-301"/>
        <source>{0}: no severity {1}</source>
        <translation>{0}：不存在严重级别 {1}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{0}: {1} min is outside 0 to {2} min</source>
        <translation>{0}：{1} 分钟超出 0 到 {2} 分钟的范围</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Find this exception</source>
        <translation>检测此类异常</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the longest one break may be</source>
        <translation>单次休息的最长时长</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>off: not looked for</source>
        <translation>已关闭：不检测</translation>
    </message>
    <message>
        <location line="+106"/>
        <source>Attendance exception policy</source>
        <translation>考勤异常策略</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What the floor counts as an attendance exception, and how serious each is. Boundaries are strict: with a 5 min grace, 5 min 00 s late is on time.</source>
        <translation>现场将哪些情况计为考勤异常，以及各自的严重级别。边界严格判定：宽限期为 5 分钟时，迟到 5 分 00 秒仍算准时。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Exception</source>
        <translation>异常类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Severity</source>
        <translation>严重级别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One break</source>
        <translation>单次休息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Read-only: {0}</source>
        <translation>只读：{0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Read-only: {0} ({1}) may not change the attendance exception policy; supervisors and admins do.</source>
        <translation>只读：{0}（{1}）无权修改考勤异常策略；只有现场主管和管理员可以修改。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>Presence</name>
    <message>
        <location filename="../console/services/attendance.py" line="+163"/>
        <source>Present</source>
        <translation>在岗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Late</source>
        <translation>迟到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On break</source>
        <translation>休息中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not in yet</source>
        <translation>尚未到岗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Absent</source>
        <translation>缺勤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On leave</source>
        <translation>请假</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clocked out</source>
        <translation>已下班打卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Upcoming</source>
        <translation>待上班</translation>
    </message>
</context>
<context>
    <name>PresenceLegend</name>
    <message>
        <location filename="../ui/docks/floor.py" line="-430"/>
        <source>{0} {1}</source>
        <comment>legend entry: seat state, then how many</comment>
        <translation>{0} {1}</translation>
    </message>
</context>
<context>
    <name>RecordPunch</name>
    <message>
        <location filename="../ui/attendance_forms.py" line="+156"/>
        <source>Clock in</source>
        <translation>上班打卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clock out</source>
        <translation>下班打卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Break start</source>
        <translation>开始休息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Break end</source>
        <translation>结束休息</translation>
    </message>
</context>
<context>
    <name>RecordPunchDialog</name>
    <message>
        <location line="+21"/>
        <source>Record attendance for {0}</source>
        <translation>为 {0} 记录考勤</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Optional, e.g. forgot badge, seen at the desk</source>
        <translation>可选，例如：忘带工牌、已确认本人在座位上</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>What</source>
        <translation>打卡类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>When (floor time)</source>
        <translation>时间（现场时间）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <location filename="../console/services/reviews.py" line="+4"/>
        <source>Summary</source>
        <translation>概述</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accounts affected</source>
        <translation>受影响账户数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount at risk</source>
        <translation>风险金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount lost</source>
        <translation>损失金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Root cause</source>
        <translation>根本原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>改进措施</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due</source>
        <translation>截止日期</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../ui/review.py" line="+223"/>
        <source>Review</source>
        <translation>事件复盘</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Action items</source>
        <translation>改进措施</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Timeline and floor</source>
        <translation>时间线与现场</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Document</source>
        <translation>文档</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Summary</source>
        <translation>概述</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Impact</source>
        <translation>影响</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accounts affected</source>
        <translation>受影响账户数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amounts</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Root cause</source>
        <translation>根本原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contributing factors</source>
        <translation>促成因素</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Case sharing</source>
        <translation>案例分享</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>at risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lost</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. 12,500.50</source>
        <translation>例如 12,500.50</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. 0.00</source>
        <translation>例如 0.00</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. 40</source>
        <translation>例如 40</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What happened, in two or three sentences</source>
        <translation>用两三句话说明发生了什么</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who and what was affected, and for how long</source>
        <translation>影响了谁、影响了什么、持续多久</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What made it worse or slower to catch</source>
        <translation>哪些因素使情况恶化或发现得更晚</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Share as a case for training</source>
        <translation>作为培训案例分享</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(not yet named)</source>
        <translation>（尚未确定）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save review</source>
        <translation>保存复盘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export Markdown…</source>
        <translation>导出 Markdown…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add action item…</source>
        <translation>添加改进措施…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark done</source>
        <translation>标记完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Defer…</source>
        <translation>延期…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>This incident no longer exists.</source>
        <translation>该风险事件已不存在。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Save the review first.</source>
        <translation>请先保存事件复盘。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Post-incident review</source>
        <translation>事件复盘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+168"/>
        <source>Post-incident review: {0}</source>
        <translation>事件复盘：{0}</translation>
    </message>
    <message>
        <location line="-166"/>
        <source>required before it is closed</source>
        <translation>关闭前必须完成</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>optional for P3/P4</source>
        <translation>P3/P4 可选</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not written yet</source>
        <translation>尚未撰写</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>version {0} by {1}</source>
        <translation>第 {0} 版，{1} 撰写</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · open action items: {0}</source>
        <translation> · 未完成改进措施：{0} 项</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Review saved.</source>
        <translation>事件复盘已保存。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Action item added.</source>
        <translation>已添加改进措施。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Add action item</source>
        <translation>添加改进措施</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>e.g. Rate-limit logins per ASN at the edge</source>
        <translation>例如：在登录入口按 ASN 限流</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A person or a department</source>
        <translation>个人或部门</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Action</source>
        <translation>改进措施</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Choose an action item first.</source>
        <translation>请先选择一项改进措施。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>“{0}” is done.</source>
        <translation>“{0}”已完成。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Defer action item</source>
        <translation>延期改进措施</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why is “{0}” deferred?</source>
        <translation>“{0}”为何延期？</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>“{0}” is deferred.</source>
        <translation>“{0}”已延期。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>“{0}” is open again.</source>
        <translation>“{0}”已重新打开。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Refused: {0}</source>
        <translation>操作被拒绝：{0}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown 文件 (*.md)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Export the review</source>
        <translation>导出事件复盘</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Exported to {0}</source>
        <translation>已导出到 {0}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
</context>
<context>
    <name>ReviewReport</name>
    <message>
        <location filename="../console/views/review_report.py" line="+24"/>
        <source>normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Post-incident review</source>
        <translation>事件复盘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Severity</source>
        <translation>严重级别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unassigned</source>
        <translation>未指派</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opened</source>
        <translation>创建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolved</source>
        <translation>解决</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No review has been written yet.</source>
        <translation>尚未撰写事件复盘。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Written by {0}, {1} (version {2}).</source>
        <translation>由 {0} 撰写，{1}（第 {2} 版）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shared as a case for training.</source>
        <translation>已作为培训案例分享。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not yet named</source>
        <translation>尚未确定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Summary</source>
        <translation>概述</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Impact</source>
        <translation>影响</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accounts affected</source>
        <translation>受影响账户数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount at risk</source>
        <translation>风险金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount lost</source>
        <translation>损失金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Root cause</source>
        <translation>根本原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contributing factors</source>
        <translation>促成因素</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action items</source>
        <translation>改进措施</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No action items.</source>
        <translation>无改进措施。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <translation>措施</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runbook</source>
        <translation>处置手册</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} of {1} steps done.</source>
        <translation>已完成 {0}/{1} 个步骤。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeline and the floor at each moment</source>
        <translation>时间线及各时刻的现场情况</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No events.</source>
        <translation>无事件记录。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On the floor / rostered</source>
        <translation>在岗 / 排班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who was on the floor</source>
        <translation>在岗人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open incidents</source>
        <translation>未结事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Indicator</source>
        <translation>风险指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} on break</source>
        <translation>{0} 人休息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{0} on leave</source>
        <translation>{0} 人请假</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no data</source>
        <translation>无数据</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <location filename="../console/auth.py" line="+5"/>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>supervisor</source>
        <translation>现场主管</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>team lead</source>
        <translation>组长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>analyst</source>
        <translation>分析员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>viewer</source>
        <translation>只读查看</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>system</source>
        <translation>系统</translation>
    </message>
</context>
<context>
    <name>RootCause</name>
    <message>
        <location filename="../console/services/reviews.py" line="-25"/>
        <source>Account takeover / credential stuffing</source>
        <translation>账户盗用（ATO）/ 撞库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Insider</source>
        <translation>内部人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rule gap (a risk rule missed it)</source>
        <translation>规则缺口（风控规则未覆盖）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tooling failure</source>
        <translation>系统工具故障</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vendor / upstream</source>
        <translation>供应商 / 上游</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Process not followed</source>
        <translation>未遵循流程</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Capacity / staffing</source>
        <translation>产能 / 人力不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fraud ring</source>
        <translation>欺诈团伙</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>RosterModel</name>
    <message>
        <location filename="../ui/models/roster.py" line="+56"/>
        <source>Agent</source>
        <translation>人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scheduled</source>
        <translation>排班时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clock-in</source>
        <translation>上班打卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clock-out</source>
        <translation>下班打卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Late (min)</source>
        <translation>迟到（分钟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Break (min)</source>
        <translation>休息（分钟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <location line="+127"/>
        <source>{0} · employee {1}</source>
        <translation>{0} · 工号 {1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Left {0} min before the shift&apos;s end</source>
        <translation>在班次结束前 {0} 分钟离开</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stayed {0} min past the shift&apos;s end</source>
        <translation>班次结束后多留 {0} 分钟</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Approved leave ({0}): not an absence</source>
        <translation>已批准请假（{0}）：不计为缺勤</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Note: {0}</source>
        <translation>备注：{0}</translation>
    </message>
</context>
<context>
    <name>RotaDock</name>
    <message>
        <location filename="../ui/docks/rota.py" line="+39"/>
        <source>Morning</source>
        <translation>早班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evening</source>
        <translation>中班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Night</source>
        <translation>夜班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Day (12 h)</source>
        <translation>白班（12 小时）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Night (12 h)</source>
        <translation>夜班（12 小时）</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>Rota</source>
        <translation>排班表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generate…</source>
        <translation>生成…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous week</source>
        <translation>上一周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next week</source>
        <translation>下一周</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>{0} rule problems, {1} coverage gaps this week</source>
        <translation>本周 {0} 个规则问题，{1} 个人力覆盖缺口</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No rule broken this week</source>
        <translation>本周未违反任何规则</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open swap requests: {0}</source>
        <translation>待处理换班申请：{0}</translation>
    </message>
    <message>
        <location filename="../ui/models/rota.py" line="+248"/>
        <source>(open offer)</source>
        <translation>（公开让班）</translation>
    </message>
    <message>
        <location filename="../ui/docks/rota.py" line="+42"/>
        <source>Off</source>
        <translation>休息日</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Stored. Still broken there: {0}</source>
        <translation>已保存。该处仍违反：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stored.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This change breaks the rota&apos;s rules</source>
        <translation>此变更违反排班表规则</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reason for the override:</source>
        <translation>强制执行的原因：</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Swap {0} approved.</source>
        <translation>换班申请 {0} 已批准。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Swap {0} rejected.</source>
        <translation>换班申请 {0} 已驳回。</translation>
    </message>
    <message>
        <location filename="../ui/models/rota.py" line="-209"/>
        <source>ATO desk</source>
        <translation>ATO 席位组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdrawal review</source>
        <translation>提现审核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KYC review</source>
        <translation>KYC 审核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AML &amp; sanctions</source>
        <translation>AML 与制裁</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team leads</source>
        <translation>组长席</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>AL</source>
        <translation>年</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SL</source>
        <translation>病</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>EL</source>
        <translation>急</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>LV</source>
        <translation>假</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Agent</source>
        <translation>人员</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>Fewest on the desk at any hour / required then</source>
        <translation>任一时段本席位组最少排班人数 / 该时段需求人数</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Asks</source>
        <translation>申请人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>With</source>
        <translation>对方</translation>
    </message>
</context>
<context>
    <name>RotaRules</name>
    <message>
        <location filename="../console/rota/model.py" line="+146"/>
        <source>Too little rest between shifts</source>
        <translation>班次间休息时间不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too many nights in a row</source>
        <translation>连续夜班过多</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too many working days in a row</source>
        <translation>连续工作天数过多</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too many shifts in a week</source>
        <translation>每周班次过多</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rostered on approved leave</source>
        <translation>在已批准的请假日排班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>More than one shift in a day</source>
        <translation>一天内排了多个班次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Desk below its required headcount</source>
        <translation>席位组人数低于需求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too few people with the required skill</source>
        <translation>具备所需技能的人员不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Too few speakers of the required language</source>
        <translation>会所需语言的人员不足</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>{title}: {rest:.1f} h before the {code} shift (at least {min:g} h)</source>
        <translation>{title}：{code} 班次前仅休息 {rest:.1f} 小时（至少 {min:g} 小时）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{title}: {count} (at most {max})</source>
        <translation>{title}：{count}（至多 {max}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{title}: {code} on a day of {leave} leave</source>
        <translation>{title}：{code} 排在 {leave} 请假当天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{title}: {codes}</source>
        <translation>{title}：{codes}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{title}: {desk} {what} {have} of {need}, {start:02d}:00–{end:02d}:00</source>
        <translation>{title}：{desk} {what} {have}/{need} 人，{start:02d}:00–{end:02d}:00</translation>
    </message>
</context>
<context>
    <name>RuleKind</name>
    <message>
        <location filename="../console/rules.py" line="+31"/>
        <source>threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rate of change</source>
        <translation>变化率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no data</source>
        <translation>无数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>seasonal baseline</source>
        <translation>季节性基线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>anomaly score</source>
        <translation>异常评分</translation>
    </message>
</context>
<context>
    <name>SavedView</name>
    <message>
        <location filename="../console/views/incident_queue.py" line="+179"/>
        <source>All worked incidents</source>
        <translation>全部处理中事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>My incidents</source>
        <translation>我的事件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unacknowledged</source>
        <translation>未确认</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Breaching</source>
        <translation>即将/已经超时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting on departments</source>
        <translation>等待部门处理</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closed today</source>
        <translation>今日已关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search closed incidents</source>
        <translation>搜索已结束事件</translation>
    </message>
</context>
<context>
    <name>SeatMapModel</name>
    <message>
        <location filename="../ui/models/seats.py" line="+60"/>
        <source>Empty seat</source>
        <translation>空座位</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>P</source>
        <comment>seat letter: present</comment>
        <translation>在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>L</source>
        <comment>seat letter: late</comment>
        <translation>迟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>B</source>
        <comment>seat letter: on break</comment>
        <translation>休</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>N</source>
        <comment>seat letter: not in yet</comment>
        <translation>未</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A</source>
        <comment>seat letter: absent</comment>
        <translation>缺</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>V</source>
        <comment>seat letter: on leave</comment>
        <translation>假</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>O</source>
        <comment>seat letter: clocked out</comment>
        <translation>下</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>U</source>
        <comment>seat letter: upcoming</comment>
        <translation>待</translation>
    </message>
    <message>
        <location line="+147"/>
        <source>Seat</source>
        <translation>座位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zone</source>
        <translation>区域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agent</source>
        <translation>人员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Seat {0} · {1}</source>
        <translation>座位 {0} · {1}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nobody seated here this shift</source>
        <translation>本班次此座位无人</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>State: {0}</source>
        <translation>状态：{0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Clocked in {0}</source>
        <translation>{0} 上班打卡</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{0} min late</source>
        <translation>迟到 {0} 分钟</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Shift started {0}, not clocked in</source>
        <translation>班次已于 {0} 开始，未打卡</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>On break since {0}</source>
        <translation>自 {0} 起休息</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Clocked out {0}</source>
        <translation>{0} 下班打卡</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../console/settings.py" line="+35"/>
        <source>Database URL (empty: the embedded SQLite file)</source>
        <translation>数据库地址（留空：使用内置 SQLite 文件）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Floor time zone</source>
        <translation>现场时区</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Floor shown (empty: the first floor)</source>
        <translation>显示的现场（留空：第一个现场）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Simulator speed (events per second scale)</source>
        <translation>模拟器速度（事件频率倍数）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Hours of indicator history on the charts</source>
        <translation>图表显示的指标历史（小时）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Alert sound for incidents: off, P1 only, or P1 and P2 (p1_p2)</source>
        <translation>风险事件提示音：off 关闭、p1 仅 P1、p1_p2 P1 和 P2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Wall screen type size (x normal)</source>
        <translation>大屏字号（正常的倍数）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Log level</source>
        <translation>日志级别</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Coverage: open incidents per present person before a desk is understaffed</source>
        <translation>人力覆盖：在岗人均未结事件数超过此值即判定席位组人力不足</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Coverage: review backlog cases per present person before understaffed</source>
        <translation>人力覆盖：在岗人均待审积压件数超过此值即判定人力不足</translation>
    </message>
</context>
<context>
    <name>ShiftLogModel</name>
    <message>
        <location filename="../ui/models/shift_log.py" line="+39"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation>记录人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About</source>
        <translation>关联</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Entry</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>StaffingDialog</name>
    <message>
        <location filename="../ui/staffing_dialog.py" line="+67"/>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Every day</source>
        <translation>每天</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mon–Fri</source>
        <translation>周一–周五</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{0} (next day)</source>
        <translation>{0}（次日）</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+191"/>
        <source>Desk</source>
        <translation>席位组</translation>
    </message>
    <message>
        <location line="-190"/>
        <location line="+191"/>
        <source>Window</source>
        <translation>时段</translation>
    </message>
    <message>
        <location line="-190"/>
        <location line="+192"/>
        <source>Days</source>
        <translation>星期</translation>
    </message>
    <message>
        <location line="-191"/>
        <location line="+194"/>
        <source>Skill</source>
        <translation>技能</translation>
    </message>
    <message>
        <location line="-193"/>
        <location line="+194"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="-193"/>
        <location line="+194"/>
        <source>At least</source>
        <translation>至少</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Staffing requirements</source>
        <translation>人力需求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a requirement, or change the count of one with the same window</source>
        <translation>添加需求，或修改同一时段已有需求的人数</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Floor time; a window ending at or before its start ends next day</source>
        <translation>现场时间；结束时间早于或等于开始时间的时段在次日结束</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Set</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Adds the requirement, or changes the count of the one with the same desk, window, days, skill and language</source>
        <translation>添加该需求；若已有席位组、时段、星期、技能和语言均相同的需求，则修改其人数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Read-only: {0}</source>
        <translation>只读：{0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Read-only: {0} ({1}) may not change staffing requirements; team leads, supervisors and admins do.</source>
        <translation>只读：{0}（{1}）无权修改人力需求；只有组长、现场主管和管理员可以修改。</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+1"/>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Could not read the requirements: {0}</source>
        <translation>无法读取人力需求：{0}</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>{0}: at least {1} set.</source>
        <translation>{0}：已设置为至少 {1} 人。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{0}: removed.</source>
        <translation>{0}：已删除。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Refused: {0}</source>
        <translation>操作被拒绝：{0}</translation>
    </message>
</context>
<context>
    <name>StaleCover</name>
    <message>
        <location filename="../ui/stale.py" line="+133"/>
        <source>start-up</source>
        <translation>启动时</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Back online, catching up · data as of {0}</source>
        <translation>已恢复在线，正在追赶 · 数据截至 {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>DAMAGED · data as of {0}</source>
        <translation>已损坏 · 数据截至 {0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>OFFLINE · data as of {0}</source>
        <translation>离线 · 数据截至 {0}</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../console/services/lifecycle.py" line="-75"/>
        <source>Open</source>
        <translation>待确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Investigating</source>
        <translation>调查中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mitigated</source>
        <translation>已缓解</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reviewed</source>
        <translation>已复盘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate</source>
        <translation>重复</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../ui/statusbar.py" line="+21"/>
        <source>Morning</source>
        <translation>早班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Evening</source>
        <translation>中班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Night</source>
        <translation>夜班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Day (12 h)</source>
        <translation>白班（12 小时）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Night (12 h)</source>
        <translation>夜班（12 小时）</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>SQLite (this workstation)</source>
        <translation>SQLite（本工作站）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>DAMAGED</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>OFFLINE</source>
        <translation>离线</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>as of {0}</source>
        <translation>数据截至 {0}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{0} · {1}</source>
        <translation>{0} · {1}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Signed in as {0} ({1}) on workstation {2}</source>
        <translation>已登录：{0}（{1}），工作站 {2}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No shift running</source>
        <translation>当前无班次</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{0} shift {1:%Y-%m-%d} {2:%H:%M}–{3:%H:%M}</source>
        <translation>{0} {1:%Y-%m-%d} {2:%H:%M}–{3:%H:%M}</translation>
    </message>
</context>
<context>
    <name>Swaps</name>
    <message>
        <location filename="../console/services/swaps.py" line="-11"/>
        <source>requested</source>
        <translation>待审批</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
</context>
<context>
    <name>TimelineCanvas</name>
    <message>
        <location filename="../ui/docks/attendance_timeline.py" line="+82"/>
        <source>Scheduled</source>
        <translation>排班</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Worked</source>
        <translation>出勤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Break</source>
        <translation>休息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave</source>
        <translation>请假</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Absent</source>
        <translation>缺勤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>▼ late (min)</source>
        <translation>▼ 迟到（分钟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>▲ left early (min)</source>
        <translation>▲ 早退（分钟）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No one is rostered on this shift.</source>
        <translation>本班次没有排班人员。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no clock-out</source>
        <translation>未下班打卡</translation>
    </message>
    <message>
        <location line="+249"/>
        <source>Scheduled {0}–{1}</source>
        <translation>排班 {0}–{1}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clock-in {0} · clock-out {1}</source>
        <translation>上班打卡 {0} · 下班打卡 {1}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} min late</source>
        <translation>迟到 {0} 分钟</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Left {0} min early</source>
        <translation>早退 {0} 分钟</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Breaks: {0} min</source>
        <translation>休息：{0} 分钟</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Leave: {0}</source>
        <translation>请假：{0}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note: {0}</source>
        <translation>备注：{0}</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <location filename="../ui/docks/incident_detail.py" line="-381"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>Transition</name>
    <message>
        <location filename="../console/services/lifecycle.py" line="+22"/>
        <source>reopened</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>acknowledged</source>
        <translation>确认</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>put under investigation</source>
        <translation>转入调查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>escalated</source>
        <translation>升级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>marked mitigated</source>
        <translation>标记为已缓解</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>resolved</source>
        <translation>解决</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>marked reviewed</source>
        <translation>标记为已复盘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>marked a duplicate</source>
        <translation>标记为重复</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>handed off</source>
        <translation>移交</translation>
    </message>
</context>
<context>
    <name>Unit</name>
    <message>
        <location filename="../ui/format.py" line="+54"/>
        <source>count/min</source>
        <translation>次/分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>count/h</source>
        <translation>次/小时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>USD/min</source>
        <translation>美元/分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cases</source>
        <translation>件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>queue</source>
        <translation>笔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>s</source>
        <translation>秒</translation>
    </message>
</context>
<context>
    <name>WorkExceptionDialog</name>
    <message>
        <location filename="../ui/attendance_forms.py" line="-139"/>
        <source>Attendance exception</source>
        <translation>考勤异常</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{agent} ({employee}) · {kind} · {minutes} · {time}</source>
        <translation>{agent}（{employee}） · {kind} · {minutes} · {time}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{0} min</source>
        <translation>{0} 分钟</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>(no reason yet)</source>
        <translation>（尚未填写原因）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Contacted at</source>
        <translation>联系时间</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>What the agent said, what was agreed</source>
        <translation>人员的说明及约定事项</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Choose a reason to resolve or excuse this exception.</source>
        <translation>请选择原因以解决或豁免此考勤异常。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The note is too long (at most {0} characters).</source>
        <translation>备注过长（最多 {0} 个字符）。</translation>
    </message>
</context>
</TS>
