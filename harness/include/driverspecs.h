/* The WDK's driver annotations (driverspecs.h, kernelspecs.h and the SDV
 * hooks of sdv_driverspecs.h) reduced to nothing: they guide the code
 * analyser and Static Driver Verifier only, and the WDK compiler ignores
 * them too.  Function-like ones are variadic so any argument list is
 * swallowed; the SDV hooks are statements in the driver's code, so they
 * expand to an expression that still reads their argument (a variable
 * only passed to one is not "set but unused"). */
#ifndef MPC_DRIVERSPECS_H
#define MPC_DRIVERSPECS_H

#include "sal.h"

/* ---- IRQL (kernelspecs.h) ---- */
#define _IRQL_requires_(...)
#define _IRQL_requires_max_(...)
#define _IRQL_requires_min_(...)
#define _IRQL_requires_same_
#define _IRQL_raises_(...)
#define _IRQL_saves_
#define _IRQL_restores_
#define _IRQL_saves_global_(...)
#define _IRQL_restores_global_(...)
#define _IRQL_always_function_max_(...)
#define _IRQL_always_function_min_(...)
#define _IRQL_is_cancel_
#define _IRQL_uses_cancel_
#define _IRQL_limited_to_(...)

/* ---- function classes, dispatch types, kernel resources and state ---- */
#define _Function_class_(...)
#define _Dispatch_type_(...)
#define _Kernel_float_saved_
#define _Kernel_float_restored_
#define _Kernel_float_used_
#define _Kernel_requires_resource_held_(...)
#define _Kernel_requires_resource_not_held_(...)
#define _Kernel_acquires_resource_(...)
#define _Kernel_releases_resource_(...)
#define _Kernel_clear_do_init_(...)
#define _Kernel_IoGetDmaAdapter_
#define _Kernel_ptr_
#define _User_ptr_
#define _Kernel_entry_
#define _Drv_aliasesMem_
#define _Drv_freesMem_(...)
#define _Drv_allocatesMem_(...)
#define _Drv_inTry_
#define _Drv_preferredFunction_(...)
#define _Drv_reportError_(...)
#define _Drv_strictType_(...)
#define _Drv_strictTypeMatch_(...)
#define _Drv_isObjectPointer_

/* ---- old-style driver annotations (__drv_*) ---- */
#define __drv_aliasesMem
#define __drv_allocatesMem(...)
#define __drv_freesMem(...)
#define __drv_arg(...)
#define __drv_at(...)
#define __drv_in(...)
#define __drv_in_deref(...)
#define __drv_out(...)
#define __drv_out_deref(...)
#define __drv_deref(...)
#define __drv_fun(...)
#define __drv_ret(...)
#define __drv_when(...)
#define __drv_maxIRQL(...)
#define __drv_minIRQL(...)
#define __drv_requiresIRQL(...)
#define __drv_setsIRQL(...)
#define __drv_raisesIRQL(...)
#define __drv_savesIRQL
#define __drv_restoresIRQL
#define __drv_savesIRQLGlobal(...)
#define __drv_restoresIRQLGlobal(...)
#define __drv_sameIRQL
#define __drv_useCancelIRQL
#define __drv_maxFunctionIRQL(...)
#define __drv_minFunctionIRQL(...)
#define __drv_mustHold(...)
#define __drv_mustHoldCriticalRegion
#define __drv_mustHoldCancelSpinLock
#define __drv_neverHold(...)
#define __drv_neverHoldCancelSpinLock
#define __drv_innerMustHold(...)
#define __drv_innerNeverHold(...)
#define __drv_acquiresResource(...)
#define __drv_releasesResource(...)
#define __drv_acquiresCancelSpinLock
#define __drv_releasesCancelSpinLock
#define __drv_acquiresCriticalRegion
#define __drv_releasesCriticalRegion
#define __drv_acquiresExclusiveResource(...)
#define __drv_releasesExclusiveResource(...)
#define __drv_dispatchType(...)
#define __drv_dispatchType_other
#define __drv_functionClass(...)
#define __drv_inTry
#define __drv_formatString(...)
#define __drv_nonConstant
#define __drv_constant
#define __drv_valueIs(...)
#define __drv_strictType(...)
#define __drv_strictTypeMatch(...)
#define __drv_isObjectPointer
#define __drv_preferredFunction(...)
#define __drv_reportError(...)
#define __drv_interlocked
#define __drv_floatSaved
#define __drv_floatRestored
#define __drv_floatUsed
#define __drv_clearDoInitStatus(...)
#define __drv_completesIrp(...)
#define __drv_isCancelIRQL
#define __drv_notPointer
#define __drv_defined(...) 0
#define __internal_kernel_driver
#define __kernel_driver
#define __user_driver
#define __kernel_code
#define __user_code

/* ---- Static Driver Verifier hooks (no-ops outside an SDV run) ---- */
#define __sdv_save_adapter_context(ctx) ((void)(ctx))
#define __sdv_save_miniport_context(ctx) ((void)(ctx))
#define __sdv_save_filter_context(ctx) ((void)(ctx))
#define __sdv_save_protocol_context(ctx) ((void)(ctx))
#define __sdv_save_request(req) ((void)(req))
#define __sdv_retrieve_request(req) ((void)(req))

#endif
