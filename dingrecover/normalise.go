package dingrecover

import (
	"encoding/json"
	"maps"
	"strconv"
)

// payloadKeys are the keys under which a failed item holds its payload,
// named after the kind of callback (the failed-list page): approvals,
// roles, everything else.
var payloadKeys = []string{"bpmsCallBackData", "roleLabelChange", "callbackData"}

// normaliseFailedItem turns an item of the legacy failed list
//
//	{"call_back_tag":"user_add_org","event_time":1606126433000,
//	 "user_add_org":{"userid":["zhangsan"],"corpid":"ding241f…"}}
//	{"call_back_tag":"bpms_instance_change","event_time":…,
//	 "bpms_instance_change":{"corpid":"ding…","bpmsCallBackData":{…}}}
//
// into the plaintext of its live callback: the payload (under
// bpmsCallBackData, roleLabelChange or callbackData, or the tag's object
// itself), with EventType the tag, CorpId the item's corpid and
// TimeStamp its event_time (the page: the event's time) where the payload
// lacks them, and the legacy list's "userid" list spelt as the live
// callback's "UserId". An item that cannot be normalised is passed on as
// is: it reaches the Router as *event.Unknown, never dropped.
func normaliseFailedItem(item json.RawMessage) []byte {
	var top map[string]json.RawMessage
	if json.Unmarshal(item, &top) != nil {
		return item
	}
	var tag string
	if json.Unmarshal(top["call_back_tag"], &tag) != nil || tag == "" {
		return item
	}
	var holder map[string]json.RawMessage
	if json.Unmarshal(top[tag], &holder) != nil || holder == nil {
		return item
	}
	payload := holder
	for _, k := range payloadKeys {
		raw, ok := holder[k]
		if !ok {
			continue
		}
		var inner map[string]json.RawMessage
		if json.Unmarshal(raw, &inner) != nil {
			var s string // a JSON string holding the object
			if json.Unmarshal(raw, &s) != nil || json.Unmarshal([]byte(s), &inner) != nil {
				return item
			}
		}
		payload = inner
		break
	}
	out := make(map[string]json.RawMessage, len(payload)+3)
	maps.Copy(out, payload)
	if ids, ok := out["userid"]; ok && len(ids) > 0 && ids[0] == '[' {
		if _, has := out["UserId"]; !has {
			out["UserId"] = ids
			delete(out, "userid")
		}
	}
	setIfMissing(out, []string{"EventType", "eventType"}, strconv.Quote(tag))
	if corp, ok := holder["corpid"]; ok {
		setIfMissing(out, []string{"CorpId", "corpId", "corpid"}, string(corp))
	}
	if t, ok := top["event_time"]; ok {
		setIfMissing(out, []string{"TimeStamp", "timeStamp", "EventTime", "eventTime"}, string(t))
	}
	b, err := json.Marshal(out)
	if err != nil {
		return item
	}
	return b
}

// normaliseFailRecord turns a third-party fail record, whose
// call_back_data is the live plaintext as a JSON string, into that
// plaintext, with EventType and CorpId where it lacks them.
func normaliseFailRecord(rec failRecord) []byte {
	var out map[string]json.RawMessage
	if json.Unmarshal([]byte(rec.CallBackData), &out) != nil || out == nil {
		b, _ := json.Marshal(map[string]any{"EventType": rec.CallBackTag, "CorpId": rec.CorpID, "call_back_data": rec.CallBackData})
		return b
	}
	setIfMissing(out, []string{"EventType", "eventType"}, strconv.Quote(rec.CallBackTag))
	if rec.CorpID != "" {
		setIfMissing(out, []string{"CorpId", "corpId", "corpid"}, strconv.Quote(rec.CorpID))
	}
	b, err := json.Marshal(out)
	if err != nil {
		return []byte(rec.CallBackData)
	}
	return b
}

// setIfMissing sets keys[0] to raw unless one of keys is there.
func setIfMissing(m map[string]json.RawMessage, keys []string, raw string) {
	for _, k := range keys {
		if _, ok := m[k]; ok {
			return
		}
	}
	m[keys[0]] = json.RawMessage(raw)
}
