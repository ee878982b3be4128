package event

import (
	"encoding/json"

	"github.com/kefu-go/kefu/internal/jsonx"
)

// Role (角色) events. DingTalk calls roles "labels".

// LabelUserChange is label_user_change (员工角色信息发生变更): users were
// added to or removed from roles.
//
//	{"UserIdList":["011505184066774889"],"CorpId":"dingc7…","EventType":"label_user_change",
//	 "LabelIdList":[1299380990],"action":"add","TimeStamp":"1640670965490"}
//
// Page:
// https://open.dingtalk.com/document/development/employee-role-information-changes
// (internal HTTP and Stream). The fields are the page's (userIdList,
// labelIdList, action); TimeStamp comes from a capture of this event (the
// references' samples), not from the page. Identifiers decode from a JSON
// string or a number.
type LabelUserChange struct {
	Header
	// UserIDs are the users whose roles changed.
	UserIDs []string `json:"UserIdList"`
	// LabelIDs are the roles concerned.
	LabelIDs []int64 `json:"LabelIdList"`
	// Action is "add" or "remove".
	Action string `json:"action,omitempty"`
	// TimeStamp is when the change happened (captures only).
	TimeStamp Millis `json:"TimeStamp,omitempty" alias:"timestamp"`
}

// LabelConf is the body of the label_conf_* events.
type LabelConf struct {
	// LabelIDs are the roles or role groups concerned.
	LabelIDs []int64 `json:"LabelIdList"`
	// Scope is the management scope (管理范围), a string on the page: "1".
	Scope string `json:"scope,omitempty"`
	// TimeStamp is when the change happened.
	TimeStamp Millis `json:"TimeStamp,omitempty" alias:"timestamp"`
}

// LabelConfAdd is label_conf_add (增加角色或者角色组).
//
//	{"CorpId":"dingc7…","EventType":"label_conf_add","LabelIdList":[2393600321],"scope":"1","TimeStamp":"1640672959393"}
//
// Page: https://open.dingtalk.com/document/development/add-a-role-or-role-group
// (internal HTTP and Stream); compared field by field: labelIdList and scope
// are the page's; TimeStamp comes from a capture of this event (the
// references' samples), not from the page. Identifiers decode from a JSON
// string or a number.
type LabelConfAdd struct {
	Header
	LabelConf
}

// LabelConfDel is label_conf_del (删除角色或者角色组).
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"label_conf_del",
//	 "LabelIdList":[2393849326],"scope":"1","TimeStamp":"1640673879734"}
//
// DingTalk's page for it,
// https://open.dingtalk.com/document/development/delete-a-role-or-role-group,
// was not available to compare against; it is listed at
// https://open.dingtalk.com/document/development/hidden-event-list. The
// fields come from a capture of this event (DingTalk's samples in the
// references), the same as label_conf_add's page; identifiers decode from a
// JSON string or a number.
type LabelConfDel struct {
	Header
	LabelConf
}

// LabelConfModify is label_conf_modify (修改角色或者角色组), with the roles
// before and after the change.
//
//	{"CorpId":"dingc7c5220402493357f2c783f7214b6d69","EventType":"label_conf_modify",
//	 "LabelIdList":[2393887343],"scope":"1","TimeStamp":"1640674000000",
//	 "PostLabelList":["{\"hidden\":false,\"name\":\"权限组修改01\",\"id\":2393887343,\"extraInfo\":{}}"],
//	 "PreLabelList":["{\"hidden\":false,\"name\":\"权限组\",\"id\":2393887343,\"extraInfo\":{},
//	 \"deleted\":false,\"color\":-15292942,\"level\":1,\"scope\":1,\"parentId\":2393600321}"]}
//
// Page:
// https://open.dingtalk.com/document/development/modify-a-role-or-role-group
// (internal HTTP and Stream); compared field by field: postLabelList,
// preLabelList, labelIdList and scope are the page's; TimeStamp comes from a
// capture. The page's field table calls postLabelList the roles before the
// change and preLabelList those after, against the names and against the
// captures (where PostLabelList holds the new name): PostLabels are taken to
// be the roles after the change. Identifiers decode from a JSON string or a
// number.
type LabelConfModify struct {
	Header
	LabelConf
	// PostLabels are the roles after the change.
	PostLabels []Label `json:"PostLabelList"`
	// PreLabels are the roles before the change.
	PreLabels []Label `json:"PreLabelList"`
}

// Label is a role as label_conf_modify describes it. On the wire each element
// is either an object or a JSON string holding the object (real captures);
// both decode. Either list may carry the rich fields.
//
//	"{\"hidden\":false,\"name\":\"权限组修改01\",\"id\":2393887343,\"extraInfo\":{}}"
type Label struct {
	// ID is the role (or role group) id.
	ID int64 `json:"id"`
	// Name is the role's name.
	Name string `json:"name"`
	// Hidden reports a role hidden from the contact list.
	Hidden bool `json:"hidden"`
	// Deleted reports a deleted role.
	Deleted bool `json:"deleted"`
	// Color is the role's colour as a signed ARGB integer.
	Color int64 `json:"color"`
	// Level is 1 for a role group and 2 for a role in it.
	Level int64 `json:"level"`
	// Scope is the role's scope.
	Scope int64 `json:"scope"`
	// ParentID is the role group of a role.
	ParentID int64 `json:"parentId"`
	// Extra is extraInfo as received.
	Extra json.RawMessage `json:"extraInfo,omitempty"`
}

// UnmarshalJSON decodes a label from an object or from a JSON string that
// holds the object.
func (l *Label) UnmarshalJSON(data []byte) error { return unmarshal(data, l.decodeJSON) }

// decodeJSON reads a label from an object or from a JSON string that holds
// the object; the generated decoders call it for every Label.
func (l *Label) decodeJSON(d *jsonx.Decoder) {
	doc, embedded := d.Embedded("event.Label")
	if !embedded {
		l.decodeFields(d)
		return
	}
	if doc != nil {
		mark := d.Enter(doc)
		l.decodeFields(d)
		d.Leave(mark)
	}
}
