#pragma once
// GSSAPI (Kerberos "Negotiate" authentication for https remotes), loaded
// only when libgit2 first needs it.
//
// Debian's libgit2 calls eight GSSAPI functions, and only when an https
// server asks for Negotiate authentication. Linking libgssapi_krb5 made
// every start-up load it and six libraries behind it (krb5, k5crypto,
// com_err, krb5support, keyutils, resolv): ~370,000 instructions and 0.4 ms
// of a 2 ms command (bench/README.md, "Kong-like full repository"). In the
// static build (KONGTPL_STATIC_LIBGIT2) kongtpl defines those functions
// itself: the first call dlopen()s libgssapi_krb5.so.2 and every call is
// passed on to it. Without the library the calls fail with GSS_S_FAILURE and
// gss_display_status says which library to install; libgit2 then reports
// that Negotiate authentication failed.
//
// The declarations use RFC 2744's C types spelled out here: Debian ships
// gssapi.h only in libkrb5-dev, which kongtpl does not need otherwise.
#include <cstddef>
#include <cstdint>

extern "C" {

using OM_uint32 = uint32_t;
struct gss_OID_desc_struct {
  OM_uint32 length;
  void* elements;
};
using gss_OID = gss_OID_desc_struct*;
struct gss_OID_set_desc_struct {
  size_t count;
  gss_OID elements;
};
using gss_OID_set = gss_OID_set_desc_struct*;
struct gss_buffer_desc_struct {
  size_t length;
  void* value;
};
using gss_buffer_t = gss_buffer_desc_struct*;
using gss_name_t = struct gss_name_struct*;
using gss_ctx_id_t = struct gss_ctx_id_struct*;
using gss_cred_id_t = struct gss_cred_id_struct*;
using gss_channel_bindings_t = struct gss_channel_bindings_struct*;

/// RFC 2744's "host-based service" name type (1.2.840.113554.1.2.1.4).
extern gss_OID GSS_C_NT_HOSTBASED_SERVICE;

OM_uint32 gss_indicate_mechs(OM_uint32* minor, gss_OID_set* mechs);
OM_uint32 gss_release_oid_set(OM_uint32* minor, gss_OID_set* set);
OM_uint32 gss_import_name(OM_uint32* minor, gss_buffer_t name, gss_OID type, gss_name_t* out);
OM_uint32 gss_release_name(OM_uint32* minor, gss_name_t* name);
OM_uint32 gss_init_sec_context(OM_uint32* minor, gss_cred_id_t cred, gss_ctx_id_t* context, gss_name_t target,
                               gss_OID mech, OM_uint32 flags, OM_uint32 time, gss_channel_bindings_t bindings,
                               gss_buffer_t input, gss_OID* actual_mech, gss_buffer_t output, OM_uint32* ret_flags,
                               OM_uint32* time_rec);
OM_uint32 gss_delete_sec_context(OM_uint32* minor, gss_ctx_id_t* context, gss_buffer_t output);
OM_uint32 gss_display_status(OM_uint32* minor, OM_uint32 status, int type, gss_OID mech, OM_uint32* message_context,
                             gss_buffer_t message);
OM_uint32 gss_release_buffer(OM_uint32* minor, gss_buffer_t buffer);

}  // extern "C"

namespace kongtpl {

/// The shared library the calls are passed to.
inline constexpr const char* kGssapiLibrary = "libgssapi_krb5.so.2";

}  // namespace kongtpl
