// The one translation unit that compiles Boost.Asio, Asio.SSL and Beast.
// Everything else sees only declarations (BOOST_*_SEPARATE_COMPILATION), which keeps builds fast.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
