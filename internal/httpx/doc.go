// Package httpx holds the HTTP plumbing shared by kefu's callback handlers:
// bounded body reads, JSON replies, the silent default logger and the
// settings both handlers' options validate the same way.
//
// It is internal: users configure these through dingcallback and
// deskcallback options.
package httpx
