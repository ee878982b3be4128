package event

// Exclusive DingTalk (专属钉钉) events, for organisations with their own
// storage.

// FileRecord is one file of an org_file_send_check event.
type FileRecord struct {
	// OpenCID is the conversation the file was sent in.
	OpenCID string `json:"openCid,omitempty"`
	// FileName is the file's name.
	FileName string `json:"fileName,omitempty"`
	// OSSKey is the file's key in the organisation's storage.
	OSSKey string `json:"ossKey,omitempty"`
	// RequestID is the id of the send request.
	RequestID string `json:"requestId,omitempty"`
	// UserID is the userId of the sender.
	UserID string `json:"userId,omitempty"`
}

// UnmarshalJSON accepts both spellings of every key.
func (r *FileRecord) UnmarshalJSON(data []byte) error { return unmarshal(data, r.decodeFields) }

// OrgFileSendCheck is org_file_send_check (企业员工发送文件的检测事件): employees
// sent files, for the organisation to check.
//
//	{"EventType":"org_file_send_check","EventTime":1663143335567,"CorpId":"ding9f50b15bxxxx16741",
//	 "BizId":"1663**35567","eventId":"c7c7…","fileRecords":[{"openCid":"cidhoEzLAXnk…",
//	 "fileName":"测试","ossKey":"lA6h5dW5kaXNr…","requestId":"dlpId4c5219a39xxx","userId":"304235493xxxx"}]}
//
// Page: https://open.dingtalk.com/document/development/detection-event-of-enterprise-employee-sending-file
// (internal HTTP and Stream). The fields are the page's.
type OrgFileSendCheck struct {
	Header
	// FileRecords are the files sent.
	FileRecords []FileRecord `json:"fileRecords"`
}
