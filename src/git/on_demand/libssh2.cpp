// libssh2 loaded on first use; see libssh2.hpp for why.
#include "git/on_demand/libssh2.hpp"

#include <dlfcn.h>
#include <libssh2.h>

#include <mutex>
#include <string>
#include <type_traits>

namespace kongtpl {
namespace {

struct Library {
  std::mutex mutex;
  void* handle = nullptr;
  bool tried = false;
  std::string failure;         // dlerror() when loading failed
  bool init_requested = false;  // libgit2 called libssh2_init before the library was needed
  int init_flags = 0;
  bool initialised = false;
};

Library& library() {
  static Library state;
  return state;
}

/// The library's function `name`, loading the library (and replaying a
/// recorded libssh2_init) on the first call; nullptr when it cannot be loaded.
void* find(const char* name) {
  Library& lib = library();
  std::lock_guard lock(lib.mutex);
  if (!lib.tried) {
    lib.tried = true;
    lib.handle = dlopen(kLibssh2Library, RTLD_NOW | RTLD_LOCAL);
    if (lib.handle == nullptr) {
      const char* why = dlerror();
      lib.failure = why ? why : kLibssh2Library;
    } else if (lib.init_requested) {
      auto init = reinterpret_cast<int (*)(int)>(dlsym(lib.handle, "libssh2_init"));
      lib.initialised = init != nullptr && init(lib.init_flags) == 0;
      if (!lib.initialised) {
        lib.failure = "libssh2_init failed";
        dlclose(lib.handle);
        lib.handle = nullptr;
      }
    }
  }
  return lib.handle == nullptr ? nullptr : dlsym(lib.handle, name);
}

/// What a call returns when libssh2 cannot be loaded: what libssh2 itself
/// returns when it cannot allocate.
template <typename T>
T unavailable() {
  if constexpr (std::is_pointer_v<T>) return nullptr;
  else if constexpr (std::is_void_v<T>) return;
  else return static_cast<T>(LIBSSH2_ERROR_ALLOC);
}

}  // namespace

std::optional<std::string> libssh2_unavailable() {
  Library& lib = library();
  std::lock_guard lock(lib.mutex);
  if (!lib.tried || lib.handle != nullptr) return std::nullopt;
  return "cannot load " + std::string(kLibssh2Library) + " for ssh (" + lib.failure +
         "; apt-get install libssh2-1)";
}

}  // namespace kongtpl

// Each definition is checked against libssh2.h's declaration; the library's
// function is looked up once.
#define KONGTPL_FORWARD(ret, name, params, args)                                          \
  extern "C" ret name params {                                                            \
    static const auto real = reinterpret_cast<decltype(&::name)>(kongtpl::find(#name)); \
    if (real == nullptr) return kongtpl::unavailable<ret>();                              \
    return real args;                                                                     \
  }

extern "C" int libssh2_init(int flags) {
  kongtpl::Library& lib = kongtpl::library();
  std::lock_guard lock(lib.mutex);
  if (lib.handle == nullptr) {  // libgit2's own init: wait until ssh is needed
    lib.init_requested = true;
    lib.init_flags = flags;
    return 0;
  }
  auto init = reinterpret_cast<int (*)(int)>(dlsym(lib.handle, "libssh2_init"));
  const int result = init ? init(flags) : LIBSSH2_ERROR_ALLOC;
  lib.initialised = lib.initialised || result == 0;
  return result;
}

extern "C" void libssh2_exit(void) {
  kongtpl::Library& lib = kongtpl::library();
  std::lock_guard lock(lib.mutex);
  if (lib.handle == nullptr || !lib.initialised) return;
  if (auto exit = reinterpret_cast<void (*)()>(dlsym(lib.handle, "libssh2_exit"))) exit();
  lib.initialised = false;
}

KONGTPL_FORWARD(int, libssh2_agent_connect, (LIBSSH2_AGENT * agent), (agent))
KONGTPL_FORWARD(int, libssh2_agent_disconnect, (LIBSSH2_AGENT * agent), (agent))
KONGTPL_FORWARD(void, libssh2_agent_free, (LIBSSH2_AGENT * agent), (agent))
KONGTPL_FORWARD(int, libssh2_agent_get_identity,
                (LIBSSH2_AGENT * agent, struct libssh2_agent_publickey** store, struct libssh2_agent_publickey* prev),
                (agent, store, prev))
KONGTPL_FORWARD(LIBSSH2_AGENT*, libssh2_agent_init, (LIBSSH2_SESSION * session), (session))
KONGTPL_FORWARD(int, libssh2_agent_list_identities, (LIBSSH2_AGENT * agent), (agent))
KONGTPL_FORWARD(int, libssh2_agent_userauth,
                (LIBSSH2_AGENT * agent, const char* username, struct libssh2_agent_publickey* identity),
                (agent, username, identity))
KONGTPL_FORWARD(int, libssh2_channel_close, (LIBSSH2_CHANNEL * channel), (channel))
KONGTPL_FORWARD(int, libssh2_channel_free, (LIBSSH2_CHANNEL * channel), (channel))
KONGTPL_FORWARD(LIBSSH2_CHANNEL*, libssh2_channel_open_ex,
                (LIBSSH2_SESSION * session, const char* channel_type, unsigned int channel_type_len,
                 unsigned int window_size, unsigned int packet_size, const char* message, unsigned int message_len),
                (session, channel_type, channel_type_len, window_size, packet_size, message, message_len))
KONGTPL_FORWARD(int, libssh2_channel_process_startup,
                (LIBSSH2_CHANNEL * channel, const char* request, unsigned int request_len, const char* message,
                 unsigned int message_len),
                (channel, request, request_len, message, message_len))
KONGTPL_FORWARD(ssize_t, libssh2_channel_read_ex, (LIBSSH2_CHANNEL * channel, int stream_id, char* buf, size_t buflen),
                (channel, stream_id, buf, buflen))
KONGTPL_FORWARD(void, libssh2_channel_set_blocking, (LIBSSH2_CHANNEL * channel, int blocking), (channel, blocking))
KONGTPL_FORWARD(ssize_t, libssh2_channel_write_ex,
                (LIBSSH2_CHANNEL * channel, int stream_id, const char* buf, size_t buflen),
                (channel, stream_id, buf, buflen))
KONGTPL_FORWARD(const char*, libssh2_hostkey_hash, (LIBSSH2_SESSION * session, int hash_type), (session, hash_type))
KONGTPL_FORWARD(int, libssh2_knownhost_checkp,
                (LIBSSH2_KNOWNHOSTS * hosts, const char* host, int port, const char* key, size_t keylen, int typemask,
                 struct libssh2_knownhost** knownhost),
                (hosts, host, port, key, keylen, typemask, knownhost))
KONGTPL_FORWARD(void, libssh2_knownhost_free, (LIBSSH2_KNOWNHOSTS * hosts), (hosts))
KONGTPL_FORWARD(LIBSSH2_KNOWNHOSTS*, libssh2_knownhost_init, (LIBSSH2_SESSION * session), (session))
KONGTPL_FORWARD(int, libssh2_knownhost_readfile, (LIBSSH2_KNOWNHOSTS * hosts, const char* filename, int type),
                (hosts, filename, type))
KONGTPL_FORWARD(void**, libssh2_session_abstract, (LIBSSH2_SESSION * session), (session))
KONGTPL_FORWARD(int, libssh2_session_disconnect_ex,
                (LIBSSH2_SESSION * session, int reason, const char* description, const char* lang),
                (session, reason, description, lang))
KONGTPL_FORWARD(int, libssh2_session_free, (LIBSSH2_SESSION * session), (session))
KONGTPL_FORWARD(int, libssh2_session_handshake, (LIBSSH2_SESSION * session, libssh2_socket_t sock), (session, sock))
KONGTPL_FORWARD(const char*, libssh2_session_hostkey, (LIBSSH2_SESSION * session, size_t* len, int* type),
                (session, len, type))
KONGTPL_FORWARD(LIBSSH2_SESSION*, libssh2_session_init_ex,
                (LIBSSH2_ALLOC_FUNC((*my_alloc)), LIBSSH2_FREE_FUNC((*my_free)), LIBSSH2_REALLOC_FUNC((*my_realloc)),
                 void* abstract),
                (my_alloc, my_free, my_realloc, abstract))
KONGTPL_FORWARD(int, libssh2_session_last_error,
                (LIBSSH2_SESSION * session, char** errmsg, int* errmsg_len, int want_buf),
                (session, errmsg, errmsg_len, want_buf))
KONGTPL_FORWARD(int, libssh2_session_method_pref, (LIBSSH2_SESSION * session, int method_type, const char* prefs),
                (session, method_type, prefs))
KONGTPL_FORWARD(void, libssh2_session_set_blocking, (LIBSSH2_SESSION * session, int blocking), (session, blocking))
KONGTPL_FORWARD(int, libssh2_userauth_authenticated, (LIBSSH2_SESSION * session), (session))
KONGTPL_FORWARD(int, libssh2_userauth_keyboard_interactive_ex,
                (LIBSSH2_SESSION * session, const char* username, unsigned int username_len,
                 LIBSSH2_USERAUTH_KBDINT_RESPONSE_FUNC((*response_callback))),
                (session, username, username_len, response_callback))
KONGTPL_FORWARD(char*, libssh2_userauth_list, (LIBSSH2_SESSION * session, const char* username, unsigned int username_len),
                (session, username, username_len))
KONGTPL_FORWARD(int, libssh2_userauth_password_ex,
                (LIBSSH2_SESSION * session, const char* username, unsigned int username_len, const char* password,
                 unsigned int password_len, LIBSSH2_PASSWD_CHANGEREQ_FUNC((*passwd_change_cb))),
                (session, username, username_len, password, password_len, passwd_change_cb))
KONGTPL_FORWARD(int, libssh2_userauth_publickey,
                (LIBSSH2_SESSION * session, const char* username, const unsigned char* pubkeydata,
                 size_t pubkeydata_len, LIBSSH2_USERAUTH_PUBLICKEY_SIGN_FUNC((*sign_callback)), void** abstract),
                (session, username, pubkeydata, pubkeydata_len, sign_callback, abstract))
KONGTPL_FORWARD(int, libssh2_userauth_publickey_fromfile_ex,
                (LIBSSH2_SESSION * session, const char* username, unsigned int username_len, const char* publickey,
                 const char* privatekey, const char* passphrase),
                (session, username, username_len, publickey, privatekey, passphrase))
KONGTPL_FORWARD(int, libssh2_userauth_publickey_frommemory,
                (LIBSSH2_SESSION * session, const char* username, size_t username_len, const char* publickeyfiledata,
                 size_t publickeyfiledata_len, const char* privatekeyfiledata, size_t privatekeyfiledata_len,
                 const char* passphrase),
                (session, username, username_len, publickeyfiledata, publickeyfiledata_len, privatekeyfiledata,
                 privatekeyfiledata_len, passphrase))
