// The domain suite runs natively and, built by em++, as wasm under node (tools/test.sh runs both).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
