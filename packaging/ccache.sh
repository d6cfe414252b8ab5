# Sourced by packaging/test.sh and packaging/deb.sh: adds ccache as the
# compiler launcher to the array `config` when ccache is installed. Paths
# under the checkout are hashed relative to it (CCACHE_BASEDIR), so the
# release tests' build (build-test/) and the package's (build-deb/) share
# their objects: in CI the package build then mostly reads the cache.
if command -v ccache > /dev/null; then
    config+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
    export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
fi
