// Entry point of the `reasoner` CLI: make sure OpenBLAS loads its fast kernels, then parse and run.
// Tested in Tests/ReasonerCLITests (runs the built binary).
import Foundation
import ReasonerCore

// OpenBLAS reads OPENBLAS_CORETYPE only when it is loaded, before main: re-execute once with it set.
if let coreType = OpenBLASCoreType.recommended() {
  setenv("OPENBLAS_CORETYPE", coreType, 1)
  let argv = CommandLine.unsafeArgv
  execv("/proc/self/exe", argv)
  // execv only returns on failure: carry on with the slower kernels rather than stop.
}

ReasonerCommand.main()
