# Sourced by the launchers in bin/: builds a module if its jar is missing or older than the
# sources it is built from, then runs a main class of it on JDK 25.
#   planetlab_launch MODULE MAIN_CLASS [ARGS...]

planetlab_root=$(cd "$(dirname "$0")/.." && pwd)
. "$planetlab_root/bin/find-jdk.sh"

planetlab_launch() {
  module=$1
  main=$2
  shift 2
  jar=$(ls "$planetlab_root/$module/target/planetlab-$module-"*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -n 1)
  stale=""
  if [ -z "$jar" ]; then
    stale=yes
  else
    case "$module" in
      api) sources="api" ;;
      trust) sources="api trust" ;;
      plc|cli) sources="api trust $module" ;;
      node) sources="api trust scs node" ;;
      server) sources="api trust plc portal am server" ;;
      bench) sources="api trust plc scs node cli portal am server boot testbed bench" ;;
      *) sources="api trust plc scs node cli portal am $module" ;;
    esac
    dirs=""
    for source in $sources; do
      dirs="$dirs $planetlab_root/$source/pom.xml $planetlab_root/$source/src/main"
    done
    # shellcheck disable=SC2086
    stale=$(find "$planetlab_root/pom.xml" $dirs -newer "$jar" -type f -print 2>/dev/null | head -n 1)
  fi
  if [ -n "$stale" ]; then
    echo "building $module..." >&2
    (
      cd "$planetlab_root"
      # One build at a time, even when several launchers start together.
      flock "$planetlab_root/.build.lock" ./mvnw -q -DskipTests -pl "$module" -am package
    ) >&2 || { echo "error: building $module failed" >&2; exit 4; }
    jar=$(ls "$planetlab_root/$module/target/planetlab-$module-"*.jar | grep -v -- '-tests.jar' | head -n 1)
  fi
  exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${PLANETLAB_JAVA_OPTS:-} -cp "$jar:$planetlab_root/$module/target/lib/*" "$main" "$@"
}
