import type { CatalogueImage } from "./types.js";

/**
 * Well-known images and the tags that exist. An image not listed pulls successfully
 * whatever its tag; a listed image with a tag that does not match fails to pull
 * (`nginx:1.161`, from the Deployment docs).
 */
const NGINX_HTML =
  "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n" +
  "<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n</body>\n</html>\n";

/** A server image of the kubernetes/examples corpus: runs `generic-server` on its ports. */
function corpus(repository: string, sizeMB: number, tags: readonly string[] = ["*"]): CatalogueImage {
  return { repository, tags, sizeBytes: Math.round(sizeMB * 1_000_000), userland: "gnu", entrypoint: ["generic-server"] };
}

export const IMAGES: readonly CatalogueImage[] = [
  {
    repository: "docker.io/library/nginx",
    tags: ["latest", "stable", "mainline", "1", "1.{0-29}", "1.{0-29}.{0-30}", "stable-{alpine,perl,bookworm}", "mainline-{alpine,perl,bookworm}"],
    variants: ["-alpine", "-alpine-slim", "-perl", "-alpine-perl", "-bookworm", "-bullseye", "-otel"],
    sizeBytes: 72_099_410,
    userland: "gnu",
    entrypoint: ["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"],
    entrypointOnly: ["/docker-entrypoint.sh"],
    files: { "/usr/share/nginx/html/index.html": NGINX_HTML, "/usr/share/nginx/html/50x.html": "<h1>An error occurred.</h1>\n", "/etc/nginx/nginx.conf": "user  nginx;\nworker_processes  auto;\n", "/etc/nginx/conf.d/default.conf": "server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n}\n" },
  },
  { repository: "docker.io/library/httpd", tags: ["latest", "2", "2.4", "2.4.{0-63}"], variants: ["-alpine", "-bookworm"], sizeBytes: 58_163_522, userland: "gnu", entrypoint: ["httpd-foreground"], files: { "/usr/local/apache2/htdocs/index.html": "<html><body><h1>It works!</h1></body></html>\n" } },
  { repository: "docker.io/library/redis", tags: ["latest", "{5-8}", "{5-8}.{0-4}", "{5-8}.{0-4}.{0-20}"], variants: ["-alpine", "-bookworm"], sizeBytes: 45_900_000, userland: "gnu", entrypoint: ["docker-entrypoint.sh", "redis-server"], entrypointOnly: ["docker-entrypoint.sh"] },
  { repository: "docker.io/library/postgres", tags: ["latest", "{9-17}", "{9-17}.{0-22}", "9.6.{0-24}"], variants: ["-alpine", "-bookworm", "-bullseye"], sizeBytes: 158_000_000, userland: "gnu", entrypoint: ["docker-entrypoint.sh", "postgres"], entrypointOnly: ["docker-entrypoint.sh"] },
  { repository: "docker.io/library/mysql", tags: ["latest", "lts", "innovation", "5", "5.{5-7}", "5.{5-7}.{0-44}", "8", "8.{0-4}", "8.{0-4}.{0-45}", "9", "9.{0-3}", "9.{0-3}.{0-1}"], variants: ["-oracle", "-debian"], sizeBytes: 169_000_000, userland: "gnu", entrypoint: ["docker-entrypoint.sh", "mysqld"], entrypointOnly: ["docker-entrypoint.sh"] },
  { repository: "docker.io/library/mongo", tags: ["latest", "{3-8}", "{3-8}.{0-4}", "{3-8}.{0-4}.{0-30}"], variants: ["-jammy", "-noble"], sizeBytes: 266_000_000, userland: "gnu", entrypoint: ["docker-entrypoint.sh", "mongod"], entrypointOnly: ["docker-entrypoint.sh"] },
  { repository: "docker.io/library/busybox", tags: ["latest", "stable", "musl", "glibc", "uclibc", "1", "1.{20-37}", "1.{20-37}.{0-4}"], variants: ["-musl", "-glibc", "-uclibc"], sizeBytes: 2_155_000, userland: "busybox", entrypoint: ["sh"] },
  { repository: "docker.io/library/alpine", tags: ["latest", "edge", "3", "3.{0-22}", "3.{0-22}.{0-12}"], sizeBytes: 3_650_000, userland: "busybox", entrypoint: ["/bin/sh"] },
  { repository: "docker.io/library/ubuntu", tags: ["latest", "rolling", "devel", "14.04", "16.04", "18.04", "20.04", "22.04", "24.04", "24.10", "25.04", "trusty", "xenial", "bionic", "focal", "jammy", "noble", "oracular", "plucky"], sizeBytes: 29_750_000, userland: "gnu", entrypoint: ["/bin/bash"] },
  { repository: "docker.io/library/debian", tags: ["latest", "stable", "testing", "unstable", "{8-13}", "{8-13}.{0-11}", "jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "stable-slim"], variants: ["-slim"], sizeBytes: 48_500_000, userland: "gnu", entrypoint: ["bash"] },
  { repository: "docker.io/library/perl", tags: ["latest", "slim", "5", "5.{8-42}", "5.{8-42}.{0-5}"], variants: ["-slim", "-threaded", "-bookworm"], sizeBytes: 330_000_000, userland: "gnu", entrypoint: ["perl5.40.0", "-de0"] },
  { repository: "docker.io/library/python", tags: ["latest", "slim", "alpine", "2", "2.7", "2.7.{0-18}", "3", "3.{0-14}", "3.{0-14}.{0-20}"], variants: ["-slim", "-alpine", "-bookworm", "-slim-bookworm"], sizeBytes: 370_000_000, userland: "gnu", entrypoint: ["python3"] },
  { repository: "docker.io/library/node", tags: ["latest", "lts", "current", "slim", "alpine", "{0-24}", "0.{10-12}", "0.{10-12}.{0-48}", "{4-24}.{0-20}", "{4-24}.{0-20}.{0-20}"], variants: ["-slim", "-alpine", "-bookworm", "-bookworm-slim"], sizeBytes: 390_000_000, userland: "gnu", entrypoint: ["docker-entrypoint.sh", "node"], entrypointOnly: ["docker-entrypoint.sh"] },
  { repository: "docker.io/library/golang", tags: ["latest", "alpine", "1", "1.{0-24}", "1.{0-24}.{0-13}"], variants: ["-alpine", "-bookworm"], sizeBytes: 310_000_000, userland: "gnu", entrypoint: ["bash"] },
  { repository: "registry.k8s.io/pause", tags: ["latest", "{0-3}.{0-10}"], sizeBytes: 320_000, userland: "gnu", entrypoint: ["/pause"] },
  { repository: "k8s.gcr.io/pause", tags: ["*"], sizeBytes: 300_000, userland: "gnu", entrypoint: ["/pause"] },
  { repository: "docker.io/kubernetes/pause", tags: ["*"], sizeBytes: 240_000, userland: "gnu", entrypoint: ["/pause"] },
  { repository: "gcr.io/google_containers/pause", tags: ["*"], sizeBytes: 240_000, userland: "gnu", entrypoint: ["/pause"] },
  { repository: "registry.k8s.io/busybox", tags: ["*"], sizeBytes: 1_144_000, userland: "busybox", entrypoint: ["sh"] },
  { repository: "k8s.gcr.io/busybox", tags: ["*"], sizeBytes: 1_144_000, userland: "busybox", entrypoint: ["sh"] },
  { repository: "registry.k8s.io/e2e-test-images/agnhost", tags: ["2.{10-60}"], sizeBytes: 51_000_000, userland: "busybox", entrypoint: ["/agnhost", "pause"], entrypointOnly: ["/agnhost"] },
  { repository: "registry.k8s.io/liveness", tags: ["*"], sizeBytes: 2_500_000, userland: "gnu", entrypoint: ["/server"] },
  { repository: "k8s.gcr.io/liveness", tags: ["*"], sizeBytes: 2_500_000, userland: "gnu", entrypoint: ["/server"] },
  { repository: "registry.k8s.io/test-webserver", tags: ["*"], sizeBytes: 4_500_000, userland: "gnu", entrypoint: ["/test-webserver"] },
  { repository: "registry.k8s.io/etcd", tags: ["3.{0-6}.{0-21}-{0-9}", "3.{0-6}.{0-21}"], sizeBytes: 57_000_000, userland: "gnu", entrypoint: ["etcd"] },
  { repository: "docker.io/polinux/stress", tags: ["*"], sizeBytes: 4_300_000, userland: "busybox", entrypoint: ["stress"], entrypointOnly: ["stress"] },
  { repository: "docker.io/vish/stress", tags: ["*"], sizeBytes: 7_500_000, userland: "busybox", entrypoint: ["/stress", "-logtostderr"], entrypointOnly: ["/stress", "-logtostderr"] },
  // The kubernetes/examples corpus' images.
  { repository: "registry.k8s.io/nginx-slim", tags: ["*"], sizeBytes: 35_000_000, userland: "gnu", entrypoint: ["nginx", "-g", "daemon off;"], files: { "/usr/share/nginx/html/index.html": NGINX_HTML } },
  { repository: "registry.k8s.io/redis", tags: ["*"], sizeBytes: 40_000_000, userland: "gnu", entrypoint: ["redis-server"] },
  { repository: "docker.io/kubernetes/redis", tags: ["*"], sizeBytes: 40_000_000, userland: "gnu", entrypoint: ["redis-server"] },
  { repository: "registry.k8s.io/redis-slave", tags: ["*"], sizeBytes: 40_000_000, userland: "gnu", entrypoint: ["redis-server"] },
  { repository: "gcr.io/google_samples/gb-redisslave", tags: ["*"], sizeBytes: 40_000_000, userland: "gnu", entrypoint: ["redis-server"] },
  { repository: "gcr.io/google-samples/gb-frontend", tags: ["*"], sizeBytes: 130_000_000, userland: "gnu", entrypoint: ["httpd-foreground"] },
  { repository: "gcr.io/google_samples/gb-frontend", tags: ["*"], sizeBytes: 130_000_000, userland: "gnu", entrypoint: ["httpd-foreground"] },
  { repository: "docker.io/openshift/etcd-20-centos7", tags: ["*"], sizeBytes: 90_000_000, userland: "gnu", entrypoint: ["etcd"] },
  { repository: "docker.io/vitess/etcd", tags: ["*"], sizeBytes: 20_000_000, userland: "gnu", entrypoint: ["etcd"] },
  corpus("registry.k8s.io/spark", 430),
  corpus("registry.k8s.io/zeppelin", 500),
  corpus("registry.k8s.io/rethinkdb", 60),
  corpus("registry.k8s.io/volume-nfs", 120),
  corpus("registry.k8s.io/guestbook", 10),
  corpus("registry.k8s.io/explorer", 5),
  corpus("registry.k8s.io/example-dns-frontend", 230),
  corpus("registry.k8s.io/example-dns-backend", 230),
  corpus("registry.k8s.io/prometheus-adapter/prometheus-adapter", 25),
  corpus("quay.io/connordoyle/cpuset-visualizer", 10),
  corpus("docker.io/vitess/lite", 250),
  corpus("docker.io/vitess/guestbook", 200),
  corpus("quay.io/pires/docker-elasticsearch-kubernetes", 180),
  corpus("quay.io/pires/hazelcast-kubernetes", 110),
  corpus("docker.io/capttofu/percona_xtradb_cluster_5_6", 350),
  corpus("docker.io/sysdig/agent", 400),
  corpus("docker.io/resouer/mytomcat", 200),
  corpus("docker.io/resouer/sample", 5),
  corpus("docker.io/minio/minio", 60),
  corpus("docker.io/ymqytw/nginxhttps", 60),
  corpus("docker.io/vllm/vllm-openai", 8000),
  corpus("docker.io/tensorflow/serving", 180),
  corpus("docker.io/selenium/hub", 320),
  corpus("docker.io/selenium/node-chrome", 600),
  corpus("docker.io/selenium/node-firefox", 550),
  corpus("docker.io/openshift/origin", 300),
  corpus("docker.io/newrelic/nrsysmond", 60),
  corpus("docker.io/newrelic/infrastructure", 120),
  corpus("docker.io/mattf/storm-worker", 300),
  corpus("docker.io/library/ghost", 190, ["latest", "{0-5}", "{0-5}.{0-30}", "{0-5}.{0-30}.{0-30}"]),
  corpus("gcr.io/google-samples/cassandra", 140),
  corpus("docker.io/elsonrodriguez/spark-ui-proxy", 250),
  corpus("docker.io/cockroachdb/cockroach", 90),
  corpus("docker.io/cockroachdb/cockroach-k8s-init", 10),
  corpus("docker.io/arungupta/wildfly-mysql-javaee7", 400),
];
