// The single Catch2 entry point shared by every test executable.
// Compiled once into ibasho_catch_main so each suite only compiles its own cases.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
