/* vnic: a virtual Ethernet NIC miniport for NDIS 6.0.
 *
 * The "hardware" is simulated: a 1 Gb/s link that is always up, a transmit
 * engine that finishes every queued frame by the next timer tick (or the
 * interrupt DPC, when the host raises the interrupt), and a receive engine
 * that delivers a few broadcast frames per Running period.  Behaviour that
 * a conformance harness wants to vary (pending completions, failures, ports)
 * is chosen by registry keywords read in MiniportInitializeEx; see
 * sample-miniports/README.md.
 *
 * The same sources build the buggy variants: each VNIC_BUG_* macro turns on
 * one realistic mistake, next to a comment naming the rule it breaks. */
#ifndef VNIC_H
#define VNIC_H

#define NDIS_MINIPORT_DRIVER 1
/* The sample is an NDIS 6.0 miniport; -DVNIC_NDIS630 builds it as 6.30, where
 * it asks for resets with NdisMResetMiniport. */
#ifdef VNIC_NDIS630
#define NDIS630_MINIPORT 1
#else
#define NDIS60_MINIPORT 1
#endif
#include <ndis.h>

/* ---- fixed properties of the simulated device ---- */
#define VNIC_NDIS_MAJOR_VERSION     6
#ifdef VNIC_NDIS630
#define VNIC_NDIS_MINOR_VERSION     30
#else
#define VNIC_NDIS_MINOR_VERSION     0
#endif
#define VNIC_DRIVER_MAJOR_VERSION   1
#define VNIC_DRIVER_MINOR_VERSION   0

#define VNIC_TAG                    ((ULONG)'CINV')   /* pool tag "VNIC" */
#define VNIC_MAC_LENGTH             6
#define VNIC_MTU                    1500
#define VNIC_FRAME_HEADER           14
#define VNIC_MAX_FRAME              (VNIC_MTU + VNIC_FRAME_HEADER)
#define VNIC_LINK_SPEED             1000000000ULL      /* bits per second */
#define VNIC_MAX_MULTICAST          32
#define VNIC_CHECK_FOR_HANG_SECONDS 2

#define VNIC_IO_PORT_BASE           0x300
#define VNIC_IO_PORT_COUNT          0x20
#define VNIC_SHARED_MEMORY_SIZE     4096               /* descriptor ring + receive buffer */
#define VNIC_RX_FRAME_SIZE          60                 /* minimum Ethernet frame, no FCS */
#define VNIC_RX_BUFFER_OFFSET       2048               /* receive buffer inside the shared memory */
#define VNIC_RX_FRAMES_PER_RUN      2                  /* frames the virtual wire delivers per Running period */

#define VNIC_TIMER_PERIOD_MS        500                /* watchdog/poll period of the adapter timer */
#define VNIC_HALT_POLL_US           1000               /* Halt's wait step for a running timer function */
#define VNIC_RESET_SETTLE_US        10                 /* PHY settle time, well under the 50 us limit */

#define VNIC_MAX_PORTS              4                  /* port table slots */
#define VNIC_PORTS_USED             2                  /* ports allocated when UsePorts is set */
#define VNIC_PORT_UNUSED            ((NDIS_PORT_NUMBER)0xFFFFFFFF)

/* The error code of every NdisWriteErrorLogEntry this driver writes. */
#define VNIC_ERROR_CODE             NDIS_ERROR_CODE_HARDWARE_FAILURE

/* Error log codes written with NdisWriteErrorLogEntry (the one value after the code). */
#define VNIC_ERRLOG_RESTART_FAILED  0x0101
#define VNIC_ERRLOG_RESET_SOFT      0x0201
#define VNIC_ERRLOG_RESET_HARD      0x0202

/* Causes the simulated device latches for its interrupt. */
#define VNIC_INT_TX_DONE            0x1

/* ---- registry keywords (README.md) ---- */
typedef enum _VNIC_RESTART_MODE {
    VnicRestartSync = 0,
    VnicRestartPending = 1,
    VnicRestartFailResources = 2,
    VnicRestartFailLogged = 3
} VNIC_RESTART_MODE;

typedef enum _VNIC_PAUSE_MODE {
    VnicPauseSync = 0,
    VnicPausePending = 1
} VNIC_PAUSE_MODE;

typedef enum _VNIC_RESET_MODE {
    VnicResetSync = 0,
    VnicResetPending = 1,
    VnicResetSoftErrors = 2,
    VnicResetHardErrors = 3,
    VnicResetPendingAddressing = 4
} VNIC_RESET_MODE;

typedef struct _VNIC_CONFIG {
    ULONG RestartMode;      /* VNIC_RESTART_MODE */
    ULONG PauseMode;        /* VNIC_PAUSE_MODE */
    ULONG ResetMode;        /* VNIC_RESET_MODE */
    ULONG UsePorts;         /* allocate and activate VNIC_PORTS_USED ports */
    ULONG HangCheckReset;   /* MiniportCheckForHangEx answers TRUE once */
    ULONG RequestReset;     /* ask NDIS for one reset from the timer */
    ULONG FailInitialize;   /* fail MiniportInitializeEx after a few allocations */
    ULONG OidPending;       /* OID sets pend and complete from the timer */
    ULONG ReplaceRestartAttributes; /* replace NDIS's restart attributes with the driver's own (001) */
} VNIC_CONFIG, *PVNIC_CONFIG;

/* ---- the adapter's own view of its state ---- */
typedef enum _VNIC_STATE {
    VnicStateInitializing,
    VnicStatePaused,
    VnicStateRestarting,
    VnicStateRunning,
    VnicStatePausing,
    VnicStateHalting
} VNIC_STATE;

/* Allocation steps of MiniportInitializeEx after the adapter context, in
 * the typical order of "Initializing a Miniport Adapter".  Halt and the
 * Initialize failure path undo the completed steps in reverse. */
typedef enum _VNIC_INIT_STEP {
    VnicStepNblPool,
    VnicStepSpinLock,
    VnicStepTimer,
    VnicStepIoPorts,
    VnicStepDma,
    VnicStepSharedMemory,
    VnicStepPorts,
    VnicStepInterrupt,
    VnicStepCount
} VNIC_INIT_STEP;

typedef struct _VNIC_ADAPTER {
#if defined(VNIC_LOCK_FIRST)
    /* The lock at the adapter's own address (the first member), as drivers
     * that embed their lock first do: a correct driver, judged the same. */
    NDIS_SPIN_LOCK Lock;
#endif
    NDIS_HANDLE AdapterHandle;
    VNIC_CONFIG Config;
    VNIC_STATE State;
    BOOLEAN SurpriseRemoved;

    /* resources, in allocation order */
    ULONG StepsDone;                 /* how many VNIC_INIT_STEPs completed */
    NDIS_HANDLE NblPool;
#if !defined(VNIC_LOCK_FIRST)
    NDIS_SPIN_LOCK Lock;
#endif
#if defined(VNIC_BUG_FOREIGN_FREE_SPINLOCK)
    NDIS_SPIN_LOCK CountersLock;     /* never allocated */
#endif
    NDIS_HANDLE Timer;
    NDIS_HANDLE Watchdog;     /* VNIC_PERIODIC_WATCHDOG: a periodic timer, Initialize to Halt */
    volatile LONG WatchdogTicks;
    PVOID IoPortOffset;
    NDIS_HANDLE DmaHandle;
    ULONG SgListSize;
    PVOID SharedVa;
    NDIS_PHYSICAL_ADDRESS SharedPa;
    NDIS_PORT_NUMBER Ports[VNIC_MAX_PORTS];
    ULONG PortCount;
    BOOLEAN PortsActive;
    NDIS_HANDLE InterruptHandle;
#ifdef VNIC_NDIS630
    PNDIS_RW_LOCK_EX FilterLock;     /* guards PacketFilter: OID queries read, sets write */
#endif

    /* kernel (wdm.h) resources, taken right after the adapter context (kernel.c) */
    PVOID Stats;
    PMDL StatsMdl;
    KSPIN_LOCK StatsLock;
    PVOID Snapshot;
    PVOID EventLog;                  /* paged pool the device writes events into */
    PMDL EventLogMdl;                /* its MDL, locked (MmProbeAndLockPages) while the adapter lives */
    ERESOURCE EventLogLock;          /* readers of the log share it; retiring the log takes it exclusively */
    BOOLEAN EventLogLockReady;       /* ExInitializeResourceLite done, ExDeleteResourceLite not yet */
    BOOLEAN EventLogRetired;         /* the device writes no more events */
    UNICODE_STRING KernelName;

    /* timer bookkeeping: TimerQueued is 1 from NdisSetTimerObject until the
     * timer function has finished a run that did not re-arm it */
    volatile LONG TimerQueued;
    BOOLEAN Halting;

    /* pending asynchronous operations (under Lock) */
    BOOLEAN RestartPending;
    BOOLEAN PausePending;
    BOOLEAN ResetInProgress;         /* from MiniportResetEx until the reset is complete */
    BOOLEAN ResetPending;            /* MiniportResetEx returned PENDING */
    BOOLEAN ResetAddressing;
    PNDIS_OID_REQUEST PendingOid;
    NDIS_STATUS PendingOidStatus;

    /* transmit queue: NBLs linked through NET_BUFFER_LIST_NEXT_NBL (under Lock) */
    PNET_BUFFER_LIST SendHead;
    PNET_BUFFER_LIST SendTail;
    ULONG SendsQueued;
    volatile LONG InterruptCause;

    /* receive engine */
    ULONG RxFramesOnWire;
    PVOID *RxRing;            /* VNIC_RX_RING_BLOCKS descriptors (ring.c) */
    LONG RxOutstanding;

    /* link and reset */
    NDIS_MEDIA_CONNECT_STATE LinkState;
    BOOLEAN LinkUpPending;
    BOOLEAN HangReported;
    BOOLEAN ResetRequested;

    /* addressing and statistics */
    ULONG PacketFilter;
    ULONG Lookahead;
    ULONG MulticastCount;
    UCHAR MulticastList[VNIC_MAX_MULTICAST][VNIC_MAC_LENGTH];
    UCHAR PermanentAddress[VNIC_MAC_LENGTH];
    UCHAR CurrentAddress[VNIC_MAC_LENGTH];
    ULONG64 FramesSent;
    ULONG64 FramesReceived;
    ULONG64 SendErrors;

    /* NUL-terminated name shown by OID_GEN_VENDOR_DESCRIPTION; kept last */
    CHAR Description[32];
} VNIC_ADAPTER, *PVNIC_ADAPTER;

/* Description must end the allocation exactly (no tail padding). */
C_ASSERT(sizeof(VNIC_ADAPTER) == FIELD_OFFSET(VNIC_ADAPTER, Description) + 32);

/* ---- role declarations of every entry point ---- */
DRIVER_INITIALIZE DriverEntry;
MINIPORT_SET_OPTIONS VnicSetOptions;
MINIPORT_INITIALIZE VnicInitialize;
#if defined(VNIC_BUG_SLOW_DDI) || defined(VNIC_BUG_MEMORY_HOG) || defined(VNIC_BUG_ORPHAN) || \
    defined(VNIC_BUG_KILL_JUDGE) || defined(VNIC_BUG_STOP_JUDGE) || defined(VNIC_BUG_KILL_JUDGE_GROUP) || \
    defined(VNIC_BUG_TRACE_JUDGE) || defined(VNIC_BUG_CPU_SPIN) || defined(VNIC_BUG_CPU_SPIN_DEAF) || \
    defined(VNIC_BUG_SETSID) || defined(VNIC_BUG_JOIN_JUDGE_GROUP) || defined(VNIC_BUG_LONGJMP_TIMER) || \
    defined(VNIC_BUG_DDI_THREADS) || defined(VNIC_BUG_FORK_DDI) || defined(VNIC_BUG_CHANNEL)
#define VNIC_SANDBOX_BUG 1
VOID VnicSandboxBug(NDIS_HANDLE MiniportAdapterHandle);  /* sandbox.c: the hostile variants */
#endif
MINIPORT_HALT VnicHalt;
MINIPORT_UNLOAD VnicUnload;
MINIPORT_PAUSE VnicPause;
MINIPORT_RESTART VnicRestart;
MINIPORT_OID_REQUEST VnicOidRequest;
MINIPORT_CANCEL_OID_REQUEST VnicCancelOidRequest;
MINIPORT_SEND_NET_BUFFER_LISTS VnicSendNetBufferLists;
MINIPORT_RETURN_NET_BUFFER_LISTS VnicReturnNetBufferLists;
MINIPORT_CANCEL_SEND VnicCancelSend;
MINIPORT_CHECK_FOR_HANG VnicCheckForHang;
MINIPORT_RESET VnicReset;
MINIPORT_DEVICE_PNP_EVENT_NOTIFY VnicDevicePnPEventNotify;
MINIPORT_SHUTDOWN VnicShutdown;
MINIPORT_ISR VnicInterrupt;
MINIPORT_INTERRUPT_DPC VnicInterruptDpc;
MINIPORT_ENABLE_INTERRUPT VnicEnableInterrupt;
MINIPORT_DISABLE_INTERRUPT VnicDisableInterrupt;
MINIPORT_PROCESS_SG_LIST VnicProcessSgList;
MINIPORT_ALLOCATE_SHARED_MEM_COMPLETE VnicSharedMemAllocateComplete;
NDIS_TIMER_FUNCTION VnicTimerFunction;

/* ---- internal interfaces between the files ---- */
extern NDIS_HANDLE VnicDriverHandle;

/* config.c */
VOID VnicReadConfiguration(PVNIC_CONFIG Config, NDIS_HANDLE AdapterHandle);

/* resources.c: the allocation steps and their reciprocals */
NDIS_STATUS VnicAllocateStep(PVNIC_ADAPTER Adapter, VNIC_INIT_STEP Step);
VOID VnicReleaseSteps(PVNIC_ADAPTER Adapter);
VNIC_INIT_STEP VnicStepAt(ULONG Index);

/* attributes.c */
NDIS_STATUS VnicSetRegistrationAttributes(PVNIC_ADAPTER Adapter);
NDIS_STATUS VnicSetGeneralAttributes(PVNIC_ADAPTER Adapter);
extern const NDIS_OID VnicSupportedOids[];
extern const ULONG VnicSupportedOidCount;

/* timer.c */
NDIS_STATUS VnicAllocateRxRing(PVNIC_ADAPTER Adapter);
VOID VnicFreeRxRing(PVNIC_ADAPTER Adapter);
NDIS_STATUS VnicAllocateTimer(PVNIC_ADAPTER Adapter);
VOID VnicStopAndFreeTimer(PVNIC_ADAPTER Adapter);
VOID VnicArmTimer(PVNIC_ADAPTER Adapter, ULONG Milliseconds);
VOID VnicKickTimer(PVNIC_ADAPTER Adapter);

/* kernel.c */
NDIS_STATUS VnicAllocateKernelResources(PVNIC_ADAPTER Adapter);
VOID VnicFreeKernelResources(PVNIC_ADAPTER Adapter);
VOID VnicSettleStats(PVNIC_ADAPTER Adapter);

/* interrupt.c */
NDIS_STATUS VnicRegisterInterrupt(PVNIC_ADAPTER Adapter);
VOID VnicDeregisterInterrupt(PVNIC_ADAPTER Adapter);

/* ports.c */
NDIS_STATUS VnicAllocatePorts(PVNIC_ADAPTER Adapter);
VOID VnicFreePorts(PVNIC_ADAPTER Adapter);

/* datapath.c */
VOID VnicCompleteQueuedSends(PVNIC_ADAPTER Adapter, NDIS_STATUS Status, BOOLEAN AtDispatch);
BOOLEAN VnicIndicateReceive(PVNIC_ADAPTER Adapter);

/* oid.c */
VOID VnicCompletePendingOid(PVNIC_ADAPTER Adapter, BOOLEAN Abort);

/* status.c */
VOID VnicIndicateLinkState(PVNIC_ADAPTER Adapter, NDIS_MEDIA_CONNECT_STATE State);
VOID VnicIndicateLinkStateOnHandle(NDIS_HANDLE AdapterHandle, NDIS_MEDIA_CONNECT_STATE State);

/* pause_restart.c */
VOID VnicFinishPendingRestart(PVNIC_ADAPTER Adapter);
VOID VnicFinishPendingPause(PVNIC_ADAPTER Adapter);

/* reset.c */
VOID VnicFinishPendingReset(PVNIC_ADAPTER Adapter);
VOID VnicRequestResetIfAsked(PVNIC_ADAPTER Adapter);

/* ---- packet filter (packet_filter.c): an NDIS_RW_LOCK_EX guards it in the
 * NDIS 6.30 build, a plain field in the 6.0 one ---- */
NDIS_STATUS VnicAllocateFilterLock(PVNIC_ADAPTER Adapter);
VOID VnicFreeFilterLock(PVNIC_ADAPTER Adapter);
ULONG VnicGetPacketFilter(PVNIC_ADAPTER Adapter);
VOID VnicSetPacketFilter(PVNIC_ADAPTER Adapter, ULONG Filter);

#endif
