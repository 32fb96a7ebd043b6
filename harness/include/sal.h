/* SAL annotations and MSVC-isms of the WDK, reduced to nothing for gcc
 * (the kernel-driver ones, _IRQL_* and __drv_*, are in driverspecs.h).
 * Annotations only guide Microsoft's static analysers; a gcc build of the
 * same source must see plain declarations. Function-like ones are variadic
 * so any argument list is swallowed. */
#ifndef MPC_SAL_H
#define MPC_SAL_H

#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _Out_
#define _Out_opt_
#define _Inout_
#define _Inout_opt_
#define _Inout_z_
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_opt_result_maybenull_
#define _Outptr_result_nullonfailure_
#define _Outptr_result_bytebuffer_(size)
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_
#define _Must_inspect_result_
#define _Check_return_
#define _Use_decl_annotations_
#define _Printf_format_string_
#define _Null_terminated_
#define _NullNull_terminated_
#define _Pre_
#define _Post_
#define _Pre_notnull_
#define _Pre_maybenull_
#define _Post_invalid_
#define _Post_ptr_invalid_
#define _Post_maybenull_
#define _Post_notnull_
#define _Maybenull_
#define _Notnull_
#define _Valid_
#define _Reserved_
#define _Strict_type_match_
#define _Points_to_data_
#define _Literal_
#define _Notliteral_
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _Interlocked_operand_
#define _Result_nullonfailure_
#define _Result_zeroonfailure_
#define _Requires_lock_held_(...)
#define _Requires_lock_not_held_(...)
#define _Acquires_lock_(...)
#define _Releases_lock_(...)
#define _Acquires_exclusive_lock_(...)
#define _Releases_exclusive_lock_(...)
#define _Acquires_shared_lock_(...)
#define _Releases_shared_lock_(...)
#define _Guarded_by_(...)
#define _Interlocked_
#define _Success_(...)
#define _Return_type_success_(...)
#define _When_(...)
#define _At_(...)
#define _At_buffer_(...)
#define _On_failure_(...)
#define _Field_size_(...)
#define _Field_size_opt_(...)
#define _Field_size_bytes_(...)
#define _Field_size_bytes_opt_(...)
#define _Field_size_part_(...)
#define _Field_size_bytes_part_(...)
#define _Field_range_(...)
#define _Field_z_
#define _In_range_(...)
#define _Out_range_(...)
#define _Ret_range_(...)
#define _Deref_out_range_(...)
#define _Pre_satisfies_(...)
#define _Post_satisfies_(...)
#define _Post_equal_to_(...)
#define _Struct_size_bytes_(...)
#define _In_reads_(...)
#define _In_reads_opt_(...)
#define _In_reads_bytes_(...)
/* Older SAL 1 forms the WDK sal.h still defines. */
#define _In_bytecount_(...)
#define _In_opt_bytecount_(...)
#define _Out_bytecap_(...)
#define _Out_opt_bytecap_(...)
#define _Inout_bytecount_(...)
#define _In_reads_bytes_opt_(...)
#define _In_reads_z_(...)
#define _In_reads_or_z_(...)
#define _Out_writes_(...)
#define _Out_writes_opt_(...)
#define _Out_writes_to_(...)
#define _Out_writes_bytes_(...)
#define _Out_writes_bytes_opt_(...)
#define _Out_writes_bytes_to_(...)
#define _Out_writes_bytes_to_opt_(...)
#define _Out_writes_bytes_all_(...)
#define _Out_writes_bytes_all_opt_(...)
#define _Out_writes_z_(...)
#define _Inout_updates_(...)
#define _Inout_updates_opt_(...)
#define _Inout_updates_bytes_(...)
#define _Inout_updates_bytes_opt_(...)
#define _Inout_updates_to_(...)
#define _Inout_updates_bytes_to_(...)
#define _Pre_writable_byte_size_(...)
#define _Post_writable_byte_size_(...)
#define _Post_writable_size_(...)
#define _Ret_writes_bytes_maybenull_(...)
#define _Ret_writes_maybenull_(...)
#define _Ret_writes_bytes_(...)
#define _Inexpressible_(...)
#define _Analysis_assume_(...) ((void)0)
#define _Analysis_assume_lock_held_(...) ((void)0)
#define _Analysis_assume_lock_not_held_(...) ((void)0)
#define _Analysis_mode_(...)
#define _Analysis_noreturn_
#define _Enum_is_bitflag_
#define _Out_z_cap_(...)
#define _Deref_out_
#define _Deref_out_opt_
/* Old-style (pre-SAL2) driver annotations. */
#define __in
#define __in_opt
#define __out
#define __out_opt
#define __inout
#define __inout_opt
#define __deref_out
#define __deref_out_opt
#define __checkReturn
#define __in_bcount(...)
#define __in_ecount(...)
#define __out_bcount(...)
#define __out_ecount(...)

/* MSVC-isms. clang -fms-extensions has __pragma and __declspec built in. */
#ifndef __pragma
#define __pragma(x)
#endif
#if !(defined(__clang__) && defined(__pragma))
#define __declspec(x)
#endif
#define __stdcall
#define __cdecl
#define __fastcall
#define __forceinline __inline __attribute__((always_inline))
#define __unaligned
#define __ptr64
#define __ptr32
#define UNALIGNED
#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#define DECLSPEC_CACHEALIGN __attribute__((aligned(64)))
#define DECLSPEC_NOINLINE __attribute__((noinline))
#define DECLSPEC_NORETURN __attribute__((noreturn))
#define DECLSPEC_IMPORT
#define DECLSPEC_EXPORT
#define DECLSPEC_SELECTANY __attribute__((weak))
#define DECLSPEC_NOTHROW
/* Non-static inline, as in the WDK: always_inline means no external definition is needed. */
#define FORCEINLINE __inline __attribute__((always_inline))
#define NTAPI
#define NTAPI_INLINE
#define NTKERNELAPI
#define NTSYSAPI
#define NDISAPI
#define EXPORT
#define IN
#define OUT
#define OPTIONAL
#define CONST const

/* Legacy annotation marking an intended switch fall-through (specstrings.h). */
#define __fallthrough

#endif
