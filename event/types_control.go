package event

// Control events: URL checks and third-party (ISV) suite events. The
// dingcallback handler answers the URL checks itself.

// CheckURL is check_url: DingTalk checks a callback URL when it is saved.
// The answer is the encrypted "success" of any callback.
//
//	{"EventType":"check_url"}
//
// A control event of the callback protocol (DingTalk's callback crypto
// samples: https://github.com/open-dingtalk/DingTalk-Callback-Crypto), not
// a business event page.
type CheckURL struct {
	Header
}

// SuiteCheck is the body of the suite URL checks.
type SuiteCheck struct {
	// Random is a random string DingTalk sends with the check.
	Random string `json:"Random,omitempty"`
	// TestSuiteKey is the suiteKey of the suite being checked.
	TestSuiteKey string `json:"TestSuiteKey,omitempty"`
}

// CheckCreateSuiteURL is check_create_suite_url: DingTalk checks the callback
// URL of a third-party suite being created.
//
//	{"EventType":"check_create_suite_url","Random":"Ta8mR3d1",
//	 "TestSuiteKey":"suite4xxxxxxxxxxxxxxx"}
//
// A control event of the callback protocol (DingTalk's callback crypto
// samples: https://github.com/open-dingtalk/DingTalk-Callback-Crypto), not
// a business event page.
type CheckCreateSuiteURL struct {
	Header
	SuiteCheck
}

// CheckUpdateSuiteURL is check_update_suite_url: DingTalk checks the callback
// URL of a third-party suite being changed.
//
//	{"EventType":"check_update_suite_url","Random":"Ta8mR3d2",
//	 "TestSuiteKey":"suite4xxxxxxxxxxxxxxx"}
//
// A control event of the callback protocol (DingTalk's callback crypto
// samples: https://github.com/open-dingtalk/DingTalk-Callback-Crypto), not
// a business event page.
type CheckUpdateSuiteURL struct {
	Header
	SuiteCheck
}

// SuiteTicket is suite_ticket: DingTalk pushes a third-party suite's ticket,
// needed to get the suite access token.
//
//	{"EventType":"suite_ticket","SuiteKey":"suite4xxxxxxxxxxxxxxx","SuiteTicket":"TestSuiteTicket",
//	 "TimeStamp":"1640700000011"}
//
// A control event of the callback protocol (DingTalk's callback crypto
// samples: https://github.com/open-dingtalk/DingTalk-Callback-Crypto), not
// a business event page.
type SuiteTicket struct {
	Header
	// SuiteKey is the suite the ticket is for.
	SuiteKey string `json:"SuiteKey"`
	// SuiteTicket is the ticket.
	SuiteTicket string `json:"SuiteTicket"`
	// TimeStamp is when the ticket was issued.
	TimeStamp Millis `json:"TimeStamp,omitempty" alias:"timestamp"`
}
