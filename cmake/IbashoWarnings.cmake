# Warnings as errors apply to our own targets only; third-party headers come in as SYSTEM.
# -Wno-restrict: GCC 12 reports false positives in std::string concatenation at -O3
# (GCC bug 105329), which would otherwise fail the Release build on correct code.
function(ibasho_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wpedantic -Wshadow
                                           -Wnon-virtual-dtor -Wno-missing-field-initializers
                                           $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
endfunction()
