// Package app is Kinko's face layer: the services bound into the Wails window
// (one struct per UI area) and the shared pieces the CLI uses too — the job
// registry for long work, the event emitter, and the mapping from core errors
// to stable error codes.
//
// The package is deliberately thin: it validates input, calls core, maps
// results to DTOs and errors to codes. It never opens bbolt, reads vault files
// or watches folders; that is core's job. Every exported method of a bound
// struct becomes a JavaScript function, so bound structs expose domain verbs
// only.
package app
