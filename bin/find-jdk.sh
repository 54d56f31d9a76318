# Sourced by ./mvnw and the launchers in bin/: sets JAVA_HOME to a JDK 25 or newer.
# Order: $JAVA_HOME if it is new enough, then the JDKs under /usr/lib/jvm, newest first.

planetlab_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

planetlab_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(planetlab_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 25 ]; then
      return 0
    fi
  fi
  for candidate in $(find /usr/lib/jvm -mindepth 1 -maxdepth 1 2>/dev/null | sort -rV); do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(planetlab_java_major "$candidate")
    if [ "${major:-0}" -ge 25 ]; then
      JAVA_HOME=$candidate
      export JAVA_HOME
      return 0
    fi
  done
  echo "error: PlanetLab needs a JDK 25 or newer; none found in JAVA_HOME or /usr/lib/jvm." >&2
  echo "       Install Temurin 25 (https://adoptium.net) and set JAVA_HOME to it." >&2
  return 1
}

planetlab_find_jdk || exit 1
