// Package version holds the module's version, for the User-Agent of every
// package that calls DingTalk (the client, the Stream client, the CLI).
package version

// Version is the version of this module; kefu.Version re-exports it.
const Version = "0.1.0-dev"
