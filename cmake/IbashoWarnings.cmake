# Warnings as errors apply to our own targets only; third-party headers come in as SYSTEM.
function(ibasho_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wpedantic -Wshadow
                                           -Wnon-virtual-dtor -Wno-missing-field-initializers)
endfunction()
