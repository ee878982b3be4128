package kefutest

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// failedState is the failed-push side of DingTalkServer.
type failedState struct {
	items    []json.RawMessage // the legacy list
	pageSize int
	keep     bool // KeepFailedPushes: fetching does not consume
	calls    int
	records  []FailRecord
	recCalls int
}

// FailRecord is one third-party app fail record the fake serves on
// /topapi/callback/failrecord/list.
type FailRecord struct {
	ID           int64  `json:"id"`
	CorpID       string `json:"corpid"`
	CallBackTag  string `json:"call_back_tag"`
	CallBackData string `json:"call_back_data"`
	EventTime    int64  `json:"event_time"`
	confirmed    bool
}

// AddFailedPushes lists items (in the shape of the failed-list page: a
// call_back_tag, an event_time, and the payload under a key named after
// the tag) on GET /call_back/get_call_back_failed_result, in pages of up to
// 200 (SetFailedPageSize), consumed as they are fetched unless
// KeepFailedPushes.
func (s *DingTalkServer) AddFailedPushes(items ...json.RawMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failed.items = append(s.failed.items, items...)
}

// FailedPush builds an item of the failed list: the payload under a key
// named after the kind of callback (bpmsCallBackData for approvals,
// roleLabelChange for roles, callbackData otherwise; none for
// user_add_org-style items, whose fields sit in the tag's object).
func FailedPush(tag, corpID, key string, payload json.RawMessage, eventTime time.Time) json.RawMessage {
	holder := map[string]any{"corpid": corpID}
	if key == "" {
		var fields map[string]any
		_ = json.Unmarshal(payload, &fields)
		maps.Copy(holder, fields)
	} else {
		holder[key] = payload
	}
	b, _ := json.Marshal(map[string]any{"call_back_tag": tag, "event_time": eventTime.UnixMilli(), tag: holder})
	return b
}

// SetFailedPageSize sets the failed list's page size (DingTalk's is 200).
func (s *DingTalkServer) SetFailedPageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failed.pageSize = n
}

// KeepFailedPushes makes fetching the failed list not consume it, as a
// list some replicas share before any of them handled it.
func (s *DingTalkServer) KeepFailedPushes(keep bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failed.keep = keep
}

// FailedListCalls returns how many times the failed list was fetched.
func (s *DingTalkServer) FailedListCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failed.calls
}

// AddFailRecords lists third-party fail records.
func (s *DingTalkServer) AddFailRecords(records ...FailRecord) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failed.records = append(s.failed.records, records...)
}

// FailRecordCalls returns how many times the fail records were fetched.
func (s *DingTalkServer) FailRecordCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.failed.recCalls
}

// tokenOK checks the access_token query parameter, answering 40014 or
// 42001 as DingTalk does when it is not good.
func (s *DingTalkServer) tokenOK(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	exp, known := s.tokens[r.URL.Query().Get("access_token")]
	s.mu.Unlock()
	switch {
	case !known:
		writeJSON(w, map[string]any{"errcode": 40014, "errmsg": "不合法的access_token"})
	case !time.Now().Before(exp):
		writeJSON(w, map[string]any{"errcode": 42001, "errmsg": "access_token超时"})
	default:
		return true
	}
	return false
}

func (s *DingTalkServer) failedList(w http.ResponseWriter, r *http.Request) {
	if !s.tokenOK(w, r) {
		return
	}
	s.mu.Lock()
	s.failed.calls++
	size := s.failed.pageSize
	if size <= 0 || size > 200 {
		size = 200
	}
	n := min(size, len(s.failed.items))
	page := append([]json.RawMessage{}, s.failed.items[:n]...)
	more := len(s.failed.items) > n
	if !s.failed.keep {
		s.failed.items = s.failed.items[n:]
	} else {
		more = false // a kept list answers its first page, as a snapshot
	}
	s.mu.Unlock()
	writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "has_more": more, "failed_list": page})
}

func (s *DingTalkServer) failRecords(w http.ResponseWriter, r *http.Request) {
	if !s.tokenOK(w, r) {
		return
	}
	var body struct {
		Req struct {
			Tags     []string `json:"tags"`
			Cursor   string   `json:"cursor"`
			Status   int      `json:"status"`
			PageSize int      `json:"page_size"`
			Confirm  bool     `json:"confirm"`
		} `json:"req"`
	}
	data, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if json.Unmarshal(data, &body) != nil || len(body.Req.Tags) == 0 {
		writeJSON(w, map[string]any{"errcode": 40035, "errmsg": "缺少参数 tags"})
		return
	}
	size := body.Req.PageSize
	if size <= 0 || size > 100 {
		size = 100
	}
	after, _ := strconv.ParseInt(body.Req.Cursor, 10, 64)
	s.mu.Lock()
	s.failed.recCalls++
	var page []FailRecord
	more := false
	for i := range s.failed.records {
		rec := &s.failed.records[i]
		if rec.ID <= after || rec.confirmed || !slices.Contains(body.Req.Tags, rec.CallBackTag) {
			continue
		}
		if len(page) == size {
			more = true
			break
		}
		page = append(page, *rec)
		if body.Req.Confirm {
			rec.confirmed = true
		}
	}
	s.mu.Unlock()
	writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok", "result": map[string]any{"has_more": more, "failed_list": page}})
}
