import type { CatalogueProgram } from "./types.js";

/**
 * What known programs do when run, by the basename of argv[0]. A program not listed
 * here (nor a shell builtin) follows the unknown-program rule (../runtime.ts).
 */
const NGINX_START = [
  [5, "stdout", "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"],
  [5, "stdout", "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/"],
  [6, "stdout", "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh"],
  [8, "stdout", "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf"],
  [9, "stdout", "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf"],
  [10, "stdout", "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh"],
  [11, "stdout", "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh"],
  [12, "stdout", "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh"],
  [13, "stdout", "/docker-entrypoint.sh: Configuration complete; ready for start up"],
  [20, "stderr", '{nginxTime} [notice] 1#1: using the "epoll" event method'],
  [20, "stderr", "{nginxTime} [notice] 1#1: nginx/{version}"],
  [20, "stderr", "{nginxTime} [notice] 1#1: OS: Linux 6.1.0-kdeck"],
  [20, "stderr", "{nginxTime} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576"],
  [21, "stderr", "{nginxTime} [notice] 1#1: start worker processes"],
  [21, "stderr", "{nginxTime} [notice] 1#1: start worker process 29"],
] as const;

const HTTP_ACCESS = '{ip} - - [{clf}] "GET {path} HTTP/1.1" {status} 615 "-" "kube-probe/1.33" "-"';

export const PROGRAMS: Readonly<Record<string, CatalogueProgram>> = {
  nginx: {
    kind: "server",
    ports: [80],
    listenAfterMs: 20,
    startup: NGINX_START,
    http: { paths: { "/": 200, "/index.html": 200 }, otherwise: 404 },
    accessLog: HTTP_ACCESS,
    onTerm: {
      afterMs: 100,
      exitCode: 0,
      lines: [
        [0, "stderr", "{nginxTime} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down"],
        [50, "stderr", "{nginxTime} [notice] 29#29: gracefully shutting down"],
        [90, "stderr", "{nginxTime} [notice] 1#1: exit"],
      ],
    },
    usage: { cpuMillis: 1, memoryBytes: 3_900_000 },
  },
  "httpd-foreground": {
    kind: "server",
    ports: [80],
    listenAfterMs: 30,
    startup: [
      [25, "stderr", "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message"],
      [30, "stderr", "[{httpdTime}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/{version} (Unix) configured -- resuming normal operations"],
      [30, "stderr", "[{httpdTime}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'"],
    ],
    accessLog: '{ip} - - [{clf}] "GET {path} HTTP/1.1" {status} 45',
    onTerm: { afterMs: 200, exitCode: 0, lines: [[0, "stderr", "[{httpdTime}] [mpm_event:notice] [pid 1:tid 1] AH00492: caught SIGWINCH, shutting down gracefully"]] },
    usage: { cpuMillis: 1, memoryBytes: 6_500_000 },
  },
  /** busybox httpd: `httpd -f -p 8080`. */
  httpd: { kind: "server", ports: [80], portFlag: "-p", listenAfterMs: 1, onTerm: { afterMs: 10, exitCode: 0 }, usage: { cpuMillis: 0, memoryBytes: 400_000 } },
  "redis-server": {
    kind: "server",
    ports: [6379],
    listenAfterMs: 10,
    startup: [
      [0, "stdout", "1:C {redisTime} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo"],
      [0, "stdout", "1:C {redisTime} * Redis version={version}, bits=64, commit=00000000, modified=0, pid=1, just started"],
      [1, "stdout", "1:M {redisTime} * monotonic clock: POSIX clock_gettime"],
      [2, "stdout", "1:M {redisTime} * Running mode=standalone, port=6379."],
      [3, "stdout", "1:M {redisTime} * Server initialized"],
      [4, "stdout", "1:M {redisTime} * Ready to accept connections tcp"],
    ],
    onTerm: {
      afterMs: 50,
      exitCode: 0,
      lines: [
        [0, "stdout", "1:signal-handler ({epoch}) Received SIGTERM scheduling shutdown..."],
        [40, "stdout", "1:M {redisTime} # Redis is now ready to exit, bye bye..."],
      ],
    },
    usage: { cpuMillis: 2, memoryBytes: 3_200_000 },
  },
  postgres: {
    kind: "server",
    ports: [5432],
    listenAfterMs: 1500,
    requires: {
      anyOf: ["POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD"],
      lines: [
        [0, "stderr", "Error: Database is uninitialized and superuser password is not specified."],
        [0, "stderr", '       You must specify POSTGRES_PASSWORD to a non-empty value for the'],
        [0, "stderr", '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".'],
      ],
    },
    startup: [
      [200, "stdout", "The files belonging to this database system will be owned by user \"postgres\"."],
      [1400, "stdout", "PostgreSQL init process complete; ready for start up."],
      [1500, "stdout", "{pgTime} UTC [1] LOG:  starting PostgreSQL {version} on x86_64-pc-linux-gnu"],
      [1500, "stdout", "{pgTime} UTC [1] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432"],
      [1510, "stdout", "{pgTime} UTC [1] LOG:  database system is ready to accept connections"],
    ],
    onTerm: { afterMs: 300, exitCode: 0, lines: [[0, "stdout", "{pgTime} UTC [1] LOG:  received fast shutdown request"], [250, "stdout", "{pgTime} UTC [1] LOG:  database system is shut down"]] },
    usage: { cpuMillis: 3, memoryBytes: 38_000_000 },
  },
  mysqld: {
    kind: "server",
    ports: [3306, 33060],
    listenAfterMs: 4000,
    requires: {
      anyOf: ["MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"],
      lines: [
        [0, "stderr", "{iso}+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified"],
        [0, "stderr", "    You need to specify one of the following as an environment variable:"],
        [0, "stderr", "    - MYSQL_ROOT_PASSWORD"],
        [0, "stderr", "    - MYSQL_ALLOW_EMPTY_PASSWORD"],
        [0, "stderr", "    - MYSQL_RANDOM_ROOT_PASSWORD"],
      ],
    },
    startup: [
      [0, "stdout", "{iso}+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server {version} started."],
      [3900, "stdout", "{iso}Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '{version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL."],
    ],
    onTerm: { afterMs: 1000, exitCode: 0, lines: [[0, "stdout", "{iso}Z 0 [System] [MY-013172] [Server] Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: {version})."]] },
    usage: { cpuMillis: 5, memoryBytes: 360_000_000 },
  },
  mongod: {
    kind: "server",
    ports: [27017],
    listenAfterMs: 800,
    startup: [[0, "stdout", '{"t":{"$date":"{iso}+00:00"},"s":"I",  "c":"CONTROL",  "id":23285, "ctx":"main","msg":"Automatically disabling TLS 1.0"}'], [800, "stdout", '{"t":{"$date":"{iso}+00:00"},"s":"I",  "c":"NETWORK",  "id":23016, "ctx":"listener","msg":"Waiting for connections","attr":{"port":27017,"ssl":"off"}}']],
    onTerm: { afterMs: 300, exitCode: 0 },
    usage: { cpuMillis: 6, memoryBytes: 160_000_000 },
  },
  etcd: {
    kind: "server",
    ports: [2379, 2380],
    grpcPorts: [2379],
    listenAfterMs: 300,
    startup: [[0, "stderr", '{"level":"info","ts":"{iso}Z","caller":"etcdmain/etcd.go:73","msg":"Running: ","args":["etcd"]}'], [300, "stderr", '{"level":"info","ts":"{iso}Z","caller":"embed/serve.go:250","msg":"serving client traffic insecurely; this is strongly discouraged!","traffic":"grpc+http","address":"[::]:2379"}']],
    onTerm: { afterMs: 100, exitCode: 0 },
    usage: { cpuMillis: 8, memoryBytes: 25_000_000 },
  },
  pause: { kind: "server", onTerm: { afterMs: 0, exitCode: 0 }, usage: { cpuMillis: 0, memoryBytes: 300_000 } },
  /** agnhost is one binary of many subcommands; its entries are `agnhost <subcommand>`. */
  "agnhost liveness": { kind: "server", ports: [8080], healthyForMs: 10_000, onTerm: { afterMs: 0, exitCode: 2 }, usage: { cpuMillis: 1, memoryBytes: 6_000_000 } },
  "agnhost netexec": { kind: "server", ports: [8080, 8081], portFlag: "--http-port", startup: [[0, "stderr", "I0101 00:00:00.000000       1 log.go:245] Started HTTP server on port 8080"]], onTerm: { afterMs: 0, exitCode: 2 }, usage: { cpuMillis: 1, memoryBytes: 8_000_000 } },
  "agnhost serve-hostname": { kind: "server", ports: [9376], portFlag: "--port", startup: [[0, "stderr", "I0101 00:00:00.000000       1 servehostname.go:71] Serving on port 9376."]], onTerm: { afterMs: 0, exitCode: 2 }, usage: { cpuMillis: 1, memoryBytes: 5_000_000 } },
  "agnhost test-webserver": { kind: "server", ports: [80], onTerm: { afterMs: 0, exitCode: 2 }, usage: { cpuMillis: 1, memoryBytes: 5_000_000 } },
  "agnhost pause": { kind: "server", onTerm: { afterMs: 0, exitCode: 0 }, usage: { cpuMillis: 0, memoryBytes: 1_000_000 } },
  /** The old liveness image's `/server`: healthy for ten seconds, then 500. */
  server: { kind: "server", ports: [8080], healthyForMs: 10_000, onTerm: { afterMs: 0, exitCode: 2 }, usage: { cpuMillis: 1, memoryBytes: 4_000_000 } },
  "test-webserver": { kind: "server", ports: [80], onTerm: { afterMs: 0, exitCode: 2 }, usage: { cpuMillis: 1, memoryBytes: 4_000_000 } },
  /** The memory and CPU docs' stress programs: their use comes from their arguments (../usage.ts). */
  stress: { kind: "server", onTerm: { afterMs: 0, exitCode: 143 }, usage: { cpuMillis: 0, memoryBytes: 1_000_000 } },
  /** The REPLs a language image runs by default: without a terminal they read EOF and exit 0. */
  python3: { kind: "job", runMs: 100, exitCode: 0, usage: { cpuMillis: 10, memoryBytes: 9_000_000 } },
  node: { kind: "job", runMs: 100, exitCode: 0, usage: { cpuMillis: 10, memoryBytes: 40_000_000 } },
  /** `perl -Mbignum=bpi -wle 'print bpi(2000)'` takes a few seconds of CPU (the Job docs' pi). */
  perl: { kind: "job", runMs: 8_000, exitCode: 0, usage: { cpuMillis: 1000, memoryBytes: 12_000_000 } },
  /** `nc -l -p 8080`: a listener. */
  nc: { kind: "server", portFlag: "-p", onTerm: { afterMs: 0, exitCode: 143 }, usage: { cpuMillis: 0, memoryBytes: 300_000 } },
  /** Any other server image's main process (a catalogue image without its own program). */
  "generic-server": { kind: "server", listenAfterMs: 100, onTerm: { afterMs: 100, exitCode: 0 }, usage: { cpuMillis: 2, memoryBytes: 20_000_000 } },
};
