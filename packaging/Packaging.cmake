# What `cmake --install` puts where (the Debian layout), and `cpack -G DEB`, which turns that
# into ibasho_VERSION_amd64.deb. Included from the top-level CMakeLists.txt.
# Absolute /etc and /lib paths are meant: a package's files land there whatever the prefix.

include(GNUInstallDirs)
# The package holds one program: `cmake --install` and cpack must not first build every test
# suite and benchmark (`all`). Build ibasho-server (and the client) before packaging:
#   cmake --build build --target ibasho-server && (cd build && cpack -G DEB)
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(IBASHO_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging)
set(IBASHO_DOC_DIR ${CMAKE_INSTALL_DATADIR}/doc/ibasho)

install(TARGETS ibasho-server RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The built web client (deploy/build-client.sh), found by the server beside its binary:
# <bindir>/../share/ibasho/client (server/http/static_root.cpp).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/client-web/dist/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/ibasho/client)
install(FILES ${IBASHO_PACKAGING_DIR}/etc/ibasho.json ${PROJECT_SOURCE_DIR}/deploy/rooms.json
        DESTINATION /etc/ibasho)
install(FILES ${IBASHO_PACKAGING_DIR}/systemd/ibasho@.service DESTINATION /lib/systemd/system)

# Documentation as Debian wants it: copyright as is, changelog (changelog.gz: the version has
# no Debian revision, so the package is native) and man page gzipped with no
# timestamp (gzip -n) so the package is reproducible.
set(IBASHO_GZ_DIR ${PROJECT_BINARY_DIR}/packaging)
file(MAKE_DIRECTORY ${IBASHO_GZ_DIR})
foreach(pair "debian/changelog=changelog.gz" "debian/ibasho-server.1=ibasho-server.1.gz")
  string(REPLACE "=" ";" parts "${pair}")
  list(GET parts 0 from)
  list(GET parts 1 to)
  execute_process(COMMAND gzip -9nc ${IBASHO_PACKAGING_DIR}/${from}
                  OUTPUT_FILE ${IBASHO_GZ_DIR}/${to} COMMAND_ERROR_IS_FATAL ANY)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${IBASHO_PACKAGING_DIR}/${from})
endforeach()
install(FILES ${IBASHO_PACKAGING_DIR}/debian/copyright ${IBASHO_GZ_DIR}/changelog.gz
              ${PROJECT_SOURCE_DIR}/docs/guide-operators.md
        DESTINATION ${IBASHO_DOC_DIR})
install(FILES ${IBASHO_GZ_DIR}/ibasho-server.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${IBASHO_PACKAGING_DIR}/redis/redis-ibasho.conf
              ${IBASHO_PACKAGING_DIR}/redis/redis-ibasho-ephemeral.conf
              ${IBASHO_PACKAGING_DIR}/redis/sentinel-ibasho.conf
              ${IBASHO_PACKAGING_DIR}/haproxy/ibasho.cfg
              ${IBASHO_PACKAGING_DIR}/etc/node.env.example
        DESTINATION ${IBASHO_DOC_DIR}/examples)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ibasho)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "ibasho maintainers <maintainers@ibasho.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "anonymous, moderated peer-support chat server")
# The extended description only: cpack puts the summary above it and indents each line.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "ibasho is a chat where people can talk without an account, in rooms watched
over by trained supporters. This package holds the server (one node per
ibasho@N systemd instance), the web client it serves, a default configuration
and example Redis, Sentinel and HAProxy configurations for running several
nodes behind a proxy.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: from the libraries the binary really links (dpkg-shlibdeps).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "redis-server")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "haproxy, redis-sentinel, certbot")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${IBASHO_PACKAGING_DIR}/debian/conffiles ${IBASHO_PACKAGING_DIR}/debian/postinst
    ${IBASHO_PACKAGING_DIR}/debian/prerm ${IBASHO_PACKAGING_DIR}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
# Only the server's own files: not the test or benchmark targets' (they install nothing, but
# say so), and not this build's absolute paths.
set(CPACK_INSTALL_CMAKE_PROJECTS "${PROJECT_BINARY_DIR};${PROJECT_NAME};ALL;/")
set(CPACK_OUTPUT_FILE_PREFIX packages)  # under the folder cpack runs in: build/packages/
include(CPack)
