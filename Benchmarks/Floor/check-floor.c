/*
 * check-floor: the least work a program can do for `danescope check DOMAIN`, written in C with
 * libunbound and OpenSSL alone, to measure how fast such a check can be on this machine.
 *
 * It does what check must do and nothing else: the MX lookup, each host's A and AAAA lookups,
 * then each host's TLSA lookup, every answer validated by libunbound in this process (a cold
 * cache, as in any new process); then one STARTTLS session per address, all at once (greeting,
 * EHLO, STARTTLS, TLS handshake with SNI, EHLO, QUIT). It keeps no records, matches no TLSA
 * record, builds no chain of trust, writes no report, and stops at the first answer that is not
 * secure. Its time is a floor for danescope check, not a second implementation of it.
 *
 * Usage: check-floor FORWARDER TRUST-ANCHOR-FILE DOMAIN   (the bench runs it on loopback only)
 * Exit status 0 when every answer was secure and every handshake completed; 1 otherwise.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unbound.h>
#include <unistd.h>

enum { MAX_HOSTS = 8, MAX_ADDRESSES = 16, NAME_SIZE = 1025 };

struct host {
  char name[NAME_SIZE];
  int addresses_pending;
};

struct probe {
  const char *server_name;
  int family;
  unsigned char address[16];
  int ok;
};

static struct ub_ctx *resolver;
static SSL_CTX *tls;
static int pending;
static int failed;
static struct host hosts[MAX_HOSTS];
static int host_count;
static struct probe probes[MAX_ADDRESSES];
static int probe_count;

/* A wire-format name (uncompressed, as libunbound returns it) as dotted text. */
static int name_text(const unsigned char *wire, int length, char *out, size_t size) {
  size_t used = 0;
  int at = 0;
  while (at < length && wire[at] != 0) {
    int label = wire[at++];
    if (label > 63 || at + label > length || used + label + 2 > size) return -1;
    memcpy(out + used, wire + at, label);
    used += label;
    out[used++] = '.';
    at += label;
  }
  if (used == 0) out[used++] = '.';
  out[used] = 0;
  return 0;
}

static void on_mx(void *unused, int error, struct ub_result *result) {
  (void)unused;
  pending--;
  if (error || !result->secure || !result->havedata) {
    failed = 1;
  } else {
    for (int i = 0; result->data[i] && host_count < MAX_HOSTS; i++) {
      if (result->len[i] < 3) continue;
      if (name_text((unsigned char *)result->data[i] + 2, result->len[i] - 2,
                    hosts[host_count].name, NAME_SIZE) == 0)
        host_count++;
    }
  }
  if (result) ub_resolve_free(result);
}

static void on_tlsa(void *unused, int error, struct ub_result *result) {
  (void)unused;
  pending--;
  if (error || !result->secure) failed = 1;
  if (result) ub_resolve_free(result);
}

static void on_address(void *argument, int error, struct ub_result *result) {
  struct host *host = argument;
  pending--;
  if (error || !result->secure) {
    failed = 1;
  } else {
    int family = result->qtype == 1 ? AF_INET : AF_INET6;
    int size = family == AF_INET ? 4 : 16;
    for (int i = 0; result->havedata && result->data[i]; i++) {
      if (result->len[i] != size || probe_count >= MAX_ADDRESSES) continue;
      struct probe *probe = &probes[probe_count++];
      probe->server_name = host->name;
      probe->family = family;
      memcpy(probe->address, result->data[i], size);
    }
    if (--host->addresses_pending == 0) {
      /* The addresses are secure: now the TLSA question, as RFC 7672 section 2.2 asks. */
      char owner[NAME_SIZE + 16];
      snprintf(owner, sizeof owner, "_25._tcp.%s", host->name);
      pending++;
      if (ub_resolve_async(resolver, owner, 52, 1, NULL, on_tlsa, NULL) != 0) failed = 1;
    }
  }
  if (result) ub_resolve_free(result);
}

static void *make_tls_context(void *unused) {
  (void)unused;
  tls = SSL_CTX_new(TLS_client_method());
  if (tls) SSL_CTX_set_verify(tls, SSL_VERIFY_NONE, NULL);
  return NULL;
}

/* Reads one SMTP reply (up to 4 KiB, enough on the lab) and says whether it began with code. */
static int reply(int fd, SSL *ssl, const char *code) {
  char text[4096];
  int got = ssl ? SSL_read(ssl, text, sizeof text - 1) : (int)recv(fd, text, sizeof text - 1, 0);
  if (got < 3) return 0;
  return memcmp(text, code, 3) == 0;
}

static int say(int fd, SSL *ssl, const char *line) {
  int length = (int)strlen(line);
  return (ssl ? SSL_write(ssl, line, length) : (int)send(fd, line, length, MSG_NOSIGNAL)) == length;
}

static void *run_probe(void *argument) {
  struct probe *probe = argument;
  int fd = socket(probe->family, SOCK_STREAM, 0);
  struct timeval wait = {10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof wait);
  struct sockaddr_storage address = {0};
  socklen_t length;
  if (probe->family == AF_INET) {
    struct sockaddr_in *v4 = (struct sockaddr_in *)&address;
    v4->sin_family = AF_INET;
    v4->sin_port = htons(25);
    memcpy(&v4->sin_addr, probe->address, 4);
    length = sizeof *v4;
  } else {
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&address;
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(25);
    memcpy(&v6->sin6_addr, probe->address, 16);
    length = sizeof *v6;
  }
  SSL *ssl = NULL;
  if (fd >= 0 && connect(fd, (struct sockaddr *)&address, length) == 0 && reply(fd, NULL, "220")
      && say(fd, NULL, "EHLO check-floor.invalid\r\n") && reply(fd, NULL, "250")
      && say(fd, NULL, "STARTTLS\r\n") && reply(fd, NULL, "220")) {
    ssl = SSL_new(tls);
    char server_name[NAME_SIZE];
    snprintf(server_name, sizeof server_name, "%s", probe->server_name);
    size_t end = strlen(server_name);
    if (end > 1 && server_name[end - 1] == '.') server_name[end - 1] = 0;
    SSL_set_tlsext_host_name(ssl, server_name);
    SSL_set_fd(ssl, fd);
    probe->ok = SSL_connect(ssl) == 1 && say(fd, ssl, "EHLO check-floor.invalid\r\n")
                && reply(fd, ssl, "250") && say(fd, ssl, "QUIT\r\n") && reply(fd, ssl, "221");
  }
  if (ssl) SSL_free(ssl);
  if (fd >= 0) close(fd);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: check-floor FORWARDER TRUST-ANCHOR-FILE DOMAIN\n");
    return 2;
  }
  /* OpenSSL's set-up runs on the second core while the DNS is resolved. */
  pthread_t tls_thread;
  pthread_create(&tls_thread, NULL, make_tls_context, NULL);

  resolver = ub_ctx_create();
  if (!resolver || ub_ctx_async(resolver, 1) || ub_ctx_set_fwd(resolver, argv[1])
      || ub_ctx_add_ta_file(resolver, argv[2])) {
    fprintf(stderr, "check-floor: libunbound set-up failed\n");
    return 1;
  }
  pending = 1;
  if (ub_resolve_async(resolver, argv[3], 15, 1, NULL, on_mx, NULL) != 0) return 1;
  while (pending && !failed) ub_wait(resolver);
  for (int i = 0; i < host_count && !failed; i++) {
    hosts[i].addresses_pending = 2;
    pending += 2;
    if (ub_resolve_async(resolver, hosts[i].name, 1, 1, &hosts[i], on_address, NULL) != 0
        || ub_resolve_async(resolver, hosts[i].name, 28, 1, &hosts[i], on_address, NULL) != 0)
      failed = 1;
  }
  while (pending && !failed) ub_wait(resolver);
  pthread_join(tls_thread, NULL);
  if (failed || host_count == 0 || probe_count == 0 || !tls) {
    fprintf(stderr, "check-floor: an answer was not secure, or nothing to probe\n");
    _exit(1);
  }

  pthread_t threads[MAX_ADDRESSES];
  for (int i = 0; i < probe_count; i++) pthread_create(&threads[i], NULL, run_probe, &probes[i]);
  int completed = 0;
  for (int i = 0; i < probe_count; i++) {
    pthread_join(threads[i], NULL);
    completed += probes[i].ok;
  }
  printf("%d MX hosts, %d of %d STARTTLS sessions completed\n", host_count, completed,
         probe_count);
  fflush(stdout);
  /* Like danescope, end without library teardown once the output is written. */
  _exit(completed == probe_count ? 0 : 1);
}
