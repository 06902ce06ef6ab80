// The Wails generator (v2.15.0) omits vault.MatrixClient from models.ts,
// because app.MatrixView reaches it only through the embedded *vault.Matrix;
// the generated file then fails to type-check. This declaration fills the
// gap for the type checker only (no runtime value is needed: the wrappers
// never call the generated classes' constructors). Remove it once the Go
// side names the type directly and the bindings are regenerated.
import './wailsjs/go/models';

declare module './wailsjs/go/models' {
  namespace vault {
    class MatrixClient {
      id: string;
      ownerOnly: boolean;
      constructor(source?: unknown);
    }
  }
}
