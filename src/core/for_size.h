// CORE_FOR_SIZE marks code read once per shop or brand (a manifest, a brand certificate, a policy):
// the wasm build compiles it for size, since every byte of it is in a consumer's first download.
// Per function, not per file: a file compiled with -Oz would also emit small, slow copies of the
// inline code it shares with the hot paths (JSON access, strings, vectors), and the linker keeps
// one copy of each for everyone (opening a 3,000-product release took 25% longer that way).
#pragma once

#if defined(__EMSCRIPTEN__)
#define CORE_FOR_SIZE __attribute__((minsize))
#else
#define CORE_FOR_SIZE
#endif
