# setup.py — builds libReasoner.so with SwiftPM, then the C extension linked to it through an $ORIGIN
# rpath, for whichever interpreter runs pip. Tested by `make test-python` (pip install ./python).
#
# Environment:
#   REASONER_SWIFT_LIB=/path/libReasoner.so   use a prebuilt library, skip the Swift build
#   REASONER_SWIFT_PACKAGE=/path/to/repo      the Swift package (default: this file's parent folder)
#   REASONER_SWIFT_FLAGS="-Xswiftc -static-stdlib"  extra `swift build` flags (portable wheels)
import os
import shlex
import shutil
import subprocess
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
LIBRARY = "libReasoner.so"


def package_dir() -> Path:
    """The Swift package (repository root) holding Package.swift and reasoner.h."""
    return Path(os.environ.get("REASONER_SWIFT_PACKAGE", HERE.parent)).resolve()


def swift_library() -> Path:
    """Builds (or finds) libReasoner.so and returns its path."""
    prebuilt = os.environ.get("REASONER_SWIFT_LIB")
    if prebuilt:
        path = Path(prebuilt).resolve()
        if not path.is_file():
            raise SystemExit(f"REASONER_SWIFT_LIB={prebuilt}: no such file")
        return path
    package = package_dir()
    if not (package / "Package.swift").is_file():
        raise SystemExit(f"no Package.swift in {package}; set REASONER_SWIFT_PACKAGE or REASONER_SWIFT_LIB")
    if shutil.which("swift") is None:
        raise SystemExit("`swift` is not on PATH: install Swift 6.x or set REASONER_SWIFT_LIB")
    flags = shlex.split(os.environ.get("REASONER_SWIFT_FLAGS", ""))
    base = ["swift", "build", "-c", "release", "--package-path", str(package)] + flags
    subprocess.run(base + ["--product", "Reasoner"], check=True)
    bin_dir = subprocess.run(base + ["--show-bin-path"], check=True, capture_output=True, text=True)
    return Path(bin_dir.stdout.strip()) / LIBRARY


class BuildSwiftThenExtension(build_ext):
    """build_ext that first builds the Swift library and ships it next to the extension."""

    def run(self):
        library = swift_library()
        # In-place (pip install -e) builds put the library in the source package.
        target_dir = (HERE / "src" / "reasoner_swift") if self.inplace else (
            Path(self.build_lib) / "reasoner_swift")
        target_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy2(library, target_dir / LIBRARY)
        for ext in self.extensions:
            ext.library_dirs.append(str(library.parent))
        # A build/ folder reused by another interpreter must not ship its stale extension.
        self.force = True
        super().run()


native = Extension(
    "reasoner_swift._native",
    sources=["src/reasoner_swift/_native.c", "src/reasoner_swift/_reward_bridge.c", "src/reasoner_swift/_model.c",
             "src/reasoner_swift/_text.c", "src/reasoner_swift/_trainer.c"],
    depends=["src/reasoner_swift/_native.h"],
    include_dirs=[str(package_dir() / "Sources" / "CReasoner" / "include")],
    libraries=["Reasoner"],
    extra_compile_args=["-std=c11", "-Wall", "-Wextra", "-Wno-unused-parameter", "-Werror=implicit-function-declaration"],
    extra_link_args=["-Wl,-rpath,$ORIGIN"],
)

setup(ext_modules=[native], cmdclass={"build_ext": BuildSwiftThenExtension})
