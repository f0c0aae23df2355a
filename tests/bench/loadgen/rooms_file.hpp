// Writes a rooms file for benchmarks: rooms bench-0 .. bench-(N-1), open to all, with the
// per-member rate limit off and room for many members, as any deployment would configure them.
#pragma once

#include <cstdint>
#include <string>

namespace ibasho::bench {

// Throws std::runtime_error when the file cannot be written.
void write_rooms_file(const std::string& path, const std::string& prefix, std::uint32_t count,
                      std::uint32_t capacity);

}  // namespace ibasho::bench
