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
    stale=$(find "$planetlab_root/pom.xml" "$planetlab_root"/*/pom.xml "$planetlab_root"/*/src/main \
      -newer "$jar" -type f -print 2>/dev/null | head -n 1)
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
