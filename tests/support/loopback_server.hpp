#pragma once
/// Servers on 127.0.0.1 for tests that need a network peer: a port of our
/// own, and a server that answers every connection with the same bytes.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <utility>

namespace kongtpl::testing {

/// A TCP socket bound to 127.0.0.1 on a port the kernel picks; sets port.
inline int bind_loopback(int& port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

/// Answers every connection on 127.0.0.1 with `reply` and closes it; reads
/// what the client sends first when read_first (an HTTP request), or
/// speaks first (an ssh banner, or a reply to a TLS hello it ignores).
class CannedServer {
 public:
  CannedServer(std::string reply, bool read_first) : reply_(std::move(reply)) {
    fd_ = bind_loopback(port_);
    listen(fd_, 8);
    thread_ = std::thread([this, read_first] {
      for (;;) {
        int client = accept(fd_, nullptr, nullptr);
        if (client < 0) return;
        if (read_first) {
          char request[4096];
          ssize_t got = read(client, request, sizeof request);
          (void)got;
        }
        ++connections_;
        ssize_t written = write(client, reply_.data(), reply_.size());
        (void)written;
        close(client);
      }
    });
  }
  ~CannedServer() {
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  CannedServer(const CannedServer&) = delete;
  CannedServer& operator=(const CannedServer&) = delete;

  int port() const { return port_; }
  /// Connections answered so far.
  int connections() const { return connections_; }

 private:
  std::string reply_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<int> connections_{0};
  std::thread thread_;
};

}  // namespace kongtpl::testing
