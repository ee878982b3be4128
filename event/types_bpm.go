package event

// Approval (审批, BPMS) events.

// Approval values of the Type field.
const (
	ApprovalStart     = "start"     // an instance or task started
	ApprovalFinish    = "finish"    // an instance or task finished
	ApprovalCancel    = "cancel"    // a task was cancelled
	ApprovalComment   = "comment"   // a comment was added to a task
	ApprovalTerminate = "terminate" // an instance was terminated
	ApprovalDelete    = "delete"    // an instance was deleted
)

// Approval values of the Result field.
const (
	ResultAgree    = "agree"    // approved
	ResultRefuse   = "refuse"   // refused
	ResultRedirect = "redirect" // the task was handed to someone else
	ResultAudit    = "audit"    // an audit task
)

// Approval is the body shared by the bpms_* events.
type Approval struct {
	// ProcessInstanceID is the id of the approval instance.
	ProcessInstanceID string `json:"processInstanceId"`
	// ProcessCode is the code of the approval template.
	ProcessCode string `json:"processCode,omitempty"`
	// BusinessID is the approval number shown to users.
	BusinessID string `json:"businessId,omitempty"`
	// BizCategoryID is the business category of the template.
	BizCategoryID string `json:"bizCategoryId,omitempty"`
	// Title is the title of the approval.
	Title string `json:"title,omitempty"`
	// Type is what happened: ApprovalStart, ApprovalFinish, ….
	Type string `json:"type"`
	// Result is the outcome, for finished instances and tasks: ResultAgree, ….
	Result string `json:"result,omitempty"`
	// StaffID is the userId of the initiator (instance) or of the approver (task).
	StaffID string `json:"staffId,omitempty"`
	// CreateTime is when the instance or task was created.
	CreateTime Millis `json:"createTime,omitempty"`
	// FinishTime is when it finished; zero until then.
	// workflow_instance_change_broadcast spells the key "finshTime".
	FinishTime Millis `json:"finishTime,omitempty" alias:"finshTime"`
}

// BpmTaskChange is bpms_task_change (审批任务开始,结束,转交): an approval task
// started, finished, was cancelled or commented on.
//
//	{"processInstanceId":"60406628-b642-4740-81e7-68cc67ebaa45","corpId":"dingc7…","EventType":"bpms_task_change",
//	 "businessId":"202112281713000090163","title":"赵云提交的审批任务","type":"start","createTime":1640682790000,
//	 "processCode":"PROC-5CB63684-…","bizCategoryId":"","staffId":"manager164","taskId":72062030325}
//
// Page: https://open.dingtalk.com/document/development/event-bpms-task-change
// (internal HTTP and Stream). The fields are the page's; identifiers decode
// from a JSON string or a number.
type BpmTaskChange struct {
	Header
	Approval
	// TaskID is the id of the task.
	TaskID int64 `json:"taskId"`
	// Remark is the approver's remark.
	Remark string `json:"remark,omitempty"`
	// Content is the text of a comment (Type ApprovalComment).
	Content string `json:"content,omitempty"`
}

// BpmInstanceChange is bpms_instance_change (审批实例开始、结束、终止、删除): an
// approval instance started, finished, was terminated or deleted.
//
//	{"EventType":"bpms_instance_change","CorpId":"ding9f50b15bxxxx16741","eventId":"c7c7…",
//	 "result":"agree","processInstanceId":"9Qgx5QqjR7axMwxxxx","finishTime":1495592272000,
//	 "createTime":1495592305000,"processCode":"Pro-xxx","bizCategoryId":"20230xxx",
//	 "businessId":"yewu1","type":"finish","title":"自测-1016","businessType":"yewu1",
//	 "url":"https://aflow.dingtalk.com/…","staffId":"manager75"}
//
// Page: https://open.dingtalk.com/document/development/event-bpms-instance-change
// (internal HTTP and Stream); the fields also come from a capture (the
// references' samples). Identifiers decode from a JSON string or a number.
type BpmInstanceChange struct {
	Header
	Approval
	// URL opens the instance in DingTalk.
	URL string `json:"url,omitempty"`
	// BusinessType is the instance's business identity (业务身份).
	BusinessType string `json:"businessType,omitempty"`
}

// WorkflowInstanceChangeBroadcast is workflow_instance_change_broadcast
// (审批实例状态变更(广播)): an approval instance of a template another app
// authorised this third-party app to read started, finished or was
// terminated. Type is ApprovalStart, ApprovalFinish or ApprovalTerminate;
// Result (ResultAgree or ResultRefuse) is absent on termination.
//
//	{"result":"agree","processInstanceId":"adlB-HLWSEGKe_m-xxx","createTime":1670983873000,
//	 "finshTime":1670983893000,"processCode":"PROC-27BBC5E6-…","businessId":"1","type":"finish",
//	 "title":"xx提交的审批模版测试","version":"2","url":"https://pre-aflow.dingtalk.com/xxx","staffId":"managerxxx"}
//
// Page: https://open.dingtalk.com/document/development/event-workflow-instance-change-broadcast
// (third-party Stream only). The fields are the page's; its misspelt
// "finshTime" decodes into FinishTime.
type WorkflowInstanceChangeBroadcast struct {
	Header
	Approval
	// Version is the version of the approval template.
	Version string `json:"version,omitempty"`
	// URL opens the instance in DingTalk.
	URL string `json:"url,omitempty"`
}
