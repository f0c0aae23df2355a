// Maps a file name to the Content-Type it is served with (UTF-8 for text).
// Unknown extensions get application/octet-stream, which nosniff keeps from being guessed at.
#pragma once

#include <string_view>

namespace ibasho::http {

std::string_view content_type_for(std::string_view path);

}  // namespace ibasho::http
