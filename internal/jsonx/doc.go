// Package jsonx holds the tolerant JSON scalar decoding shared by kefu's
// packages: integers and floats that arrive as JSON numbers, as quoted
// numbers, or as "" and null (zero).
//
// It is internal: users get these behaviours through the public types that
// wrap them, such as event.Millis and deskcallback.Millis.
package jsonx
