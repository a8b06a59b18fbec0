// dynshop: command-line tools over the core.
//
//   dynshop settle --url URL --brand BRAND --cutoff YYYY-MM-DD --csv FILE [--key-file FILE]
//   dynshop audit --url URL --root-key BASE64 [--brand BRAND] [--jobs N]   (exit status: see audit.cpp)
//
// Exit status: 0 done, 1 refused or failed (the reason on stderr), 2 usage.
#include <cstdio>
#include <cstring>

#include "cli/cli.h"

int main(int argc, char** argv) {
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        std::fprintf(stderr,
                     "dynshop: the shop platform's core from a terminal\n\n"
                     "  dynshop settle --url URL --brand BRAND --cutoff YYYY-MM-DD --csv FILE [--key-file FILE]\n"
                     "      make (or fetch) the payout batch for a cutoff and write its bank CSV;\n"
                     "      the brand's passphrase in DYNSHOP_PASSPHRASE, or --key-file\n"
                     "  dynshop audit --url URL --root-key BASE64 [--brand BRAND] [--jobs N]\n"
                     "      check every shop the store lists against the platform's root key; one line per shop\n"
                     "      that is not fine, then a JSON summary; exit 0 all fine, 1 some not, 2 host stopped answering\n");
        return 2;
    }
    cli::Args args;
    for (int i = 2; i < argc; ++i) args.items.push_back(argv[i]);
    if (!std::strcmp(argv[1], "settle")) return cli::settle(args);
    if (!std::strcmp(argv[1], "audit")) return cli::audit(args);
    std::fprintf(stderr, "dynshop: unknown command \"%s\" (try: dynshop settle)\n", argv[1]);
    return 2;
}
