#include "cli/app.hpp"

int main(int argc, char** argv) { return kongtpl::run_cli(argc, argv); }
