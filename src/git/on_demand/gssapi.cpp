// GSSAPI loaded on first use; see gssapi.hpp for why.
#include "git/on_demand/gssapi.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <type_traits>

namespace kongtpl {
namespace {

constexpr OM_uint32 kComplete = 0;
constexpr OM_uint32 kFailure = 13u << 16;  // GSS_S_FAILURE

// Kept as bytes (BER) so the name type is there before the library is.
char hostbased_service_bytes[] = "\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04";
gss_OID_desc_struct hostbased_service{10, hostbased_service_bytes};

/// The library's functions, looked up once (thread-safe: a function-local
/// static). All null when it cannot be loaded.
struct Gssapi {
  decltype(&::gss_indicate_mechs) indicate_mechs = nullptr;
  decltype(&::gss_release_oid_set) release_oid_set = nullptr;
  decltype(&::gss_import_name) import_name = nullptr;
  decltype(&::gss_release_name) release_name = nullptr;
  decltype(&::gss_init_sec_context) init_sec_context = nullptr;
  decltype(&::gss_delete_sec_context) delete_sec_context = nullptr;
  decltype(&::gss_display_status) display_status = nullptr;
  decltype(&::gss_release_buffer) release_buffer = nullptr;
  gss_OID hostbased_service = nullptr;  // the library's own OID object
  bool loaded = false;

  Gssapi() {
    void* library = dlopen(kGssapiLibrary, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) return;
    bool complete = true;
    auto find = [&](auto& function, const char* name) {
      function = reinterpret_cast<std::remove_reference_t<decltype(function)>>(dlsym(library, name));
      complete = complete && function != nullptr;
    };
    find(indicate_mechs, "gss_indicate_mechs");
    find(release_oid_set, "gss_release_oid_set");
    find(import_name, "gss_import_name");
    find(release_name, "gss_release_name");
    find(init_sec_context, "gss_init_sec_context");
    find(delete_sec_context, "gss_delete_sec_context");
    find(display_status, "gss_display_status");
    find(release_buffer, "gss_release_buffer");
    auto* oid = static_cast<gss_OID*>(dlsym(library, "GSS_C_NT_HOSTBASED_SERVICE"));
    if (!complete || oid == nullptr) {  // not the library libgit2 was built against
      dlclose(library);
      return;
    }
    hostbased_service = *oid;
    loaded = true;
  }
};

const Gssapi& gssapi() {
  static const Gssapi loaded;
  return loaded;
}

OM_uint32 unavailable(OM_uint32* minor) {
  if (minor != nullptr) *minor = 0;
  return kFailure;
}

/// A release call while the library is not loaded: nothing can have been allocated.
OM_uint32 nothing_to_release(OM_uint32* minor) {
  if (minor != nullptr) *minor = 0;
  return kComplete;
}

}  // namespace

}  // namespace kongtpl

using kongtpl::gssapi;

extern "C" {

gss_OID GSS_C_NT_HOSTBASED_SERVICE = &kongtpl::hostbased_service;

OM_uint32 gss_indicate_mechs(OM_uint32* minor, gss_OID_set* mechs) {
  if (!gssapi().loaded) {
    if (mechs != nullptr) *mechs = nullptr;
    return kongtpl::unavailable(minor);
  }
  return gssapi().indicate_mechs(minor, mechs);
}

OM_uint32 gss_release_oid_set(OM_uint32* minor, gss_OID_set* set) {
  if (!gssapi().loaded) return kongtpl::nothing_to_release(minor);
  return gssapi().release_oid_set(minor, set);
}

OM_uint32 gss_import_name(OM_uint32* minor, gss_buffer_t name, gss_OID type, gss_name_t* out) {
  if (!gssapi().loaded) return kongtpl::unavailable(minor);
  // libgit2 passes kongtpl's copy of the name type; give the library its own.
  if (type == &kongtpl::hostbased_service) type = gssapi().hostbased_service;
  return gssapi().import_name(minor, name, type, out);
}

OM_uint32 gss_release_name(OM_uint32* minor, gss_name_t* name) {
  if (!gssapi().loaded) return kongtpl::nothing_to_release(minor);
  return gssapi().release_name(minor, name);
}

OM_uint32 gss_init_sec_context(OM_uint32* minor, gss_cred_id_t cred, gss_ctx_id_t* context, gss_name_t target,
                               gss_OID mech, OM_uint32 flags, OM_uint32 time, gss_channel_bindings_t bindings,
                               gss_buffer_t input, gss_OID* actual_mech, gss_buffer_t output, OM_uint32* ret_flags,
                               OM_uint32* time_rec) {
  if (!gssapi().loaded) return kongtpl::unavailable(minor);
  return gssapi().init_sec_context(minor, cred, context, target, mech, flags, time, bindings, input, actual_mech,
                                   output, ret_flags, time_rec);
}

OM_uint32 gss_delete_sec_context(OM_uint32* minor, gss_ctx_id_t* context, gss_buffer_t output) {
  if (!gssapi().loaded) return kongtpl::nothing_to_release(minor);
  return gssapi().delete_sec_context(minor, context, output);
}

OM_uint32 gss_display_status(OM_uint32* minor, OM_uint32 status, int type, gss_OID mech, OM_uint32* message_context,
                             gss_buffer_t message) {
  if (gssapi().loaded) return gssapi().display_status(minor, status, type, mech, message_context, message);
  // Without the library every failure is this one; say how to fix it. The
  // buffer is ours, and gss_release_buffer frees it below.
  static constexpr char kText[] = "GSSAPI is not available: cannot load libgssapi_krb5.so.2 (apt-get install libgssapi-krb5-2)";
  if (minor != nullptr) *minor = 0;
  if (message_context != nullptr) *message_context = 0;
  if (message == nullptr) return kongtpl::kFailure;
  message->value = std::malloc(sizeof kText);
  if (message->value == nullptr) return kongtpl::kFailure;
  std::memcpy(message->value, kText, sizeof kText);
  message->length = sizeof kText - 1;
  return kongtpl::kComplete;
}

OM_uint32 gss_release_buffer(OM_uint32* minor, gss_buffer_t buffer) {
  if (gssapi().loaded) return gssapi().release_buffer(minor, buffer);
  if (minor != nullptr) *minor = 0;
  if (buffer != nullptr) {
    std::free(buffer->value);  // only gss_display_status above fills buffers then
    buffer->value = nullptr;
    buffer->length = 0;
  }
  return kongtpl::kComplete;
}

}  // extern "C"
