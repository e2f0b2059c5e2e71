/*
 * cec.c - HDMI-CEC for the kiosk's screen power: Standby to the TV when the
 * night switches the screen off, Image View On when it comes back.
 * Through the kernel's CEC framework (/dev/cec0, linux/cec.h), not libcec:
 * on a KMS board the HDMI driver's own CEC adapter is a kernel device
 * (vc4 on the Raspberry Pi, dw-hdmi, and the USB adapters the kernel
 * drives), which libcec would open through the same framework; the
 * kernel's interface needs no library on the board and no C++ runtime.
 * A CEC message takes up to seconds on the bus, so a thread of its own
 * does the work and the loop only posts what it wants.  Depends on
 * backend.h, SDL threads and the kernel headers.
 */
#include "display/backend.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/cec.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define TAG "display"
#define CEC_DEVICE "/dev/cec0"

struct bl__cec {
    SDL_Thread *thread;
    SDL_mutex *lock;
    SDL_cond *wake;
    int want;   /* under lock: -1 nothing asked, 0 standby, 1 on */
    bool quit;  /* under lock */
    int fd;     /* the thread's */
};

/* Claims a logical address (a playback device) if nobody has (cec-ctl,
 * another program): without one the adapter sends nothing.  Blocks until
 * the adapter has one, or fails. */
static bool claim(int fd)
{
    struct cec_log_addrs la;
    struct cec_caps caps;
    memset(&la, 0, sizeof la);
    if (ioctl(fd, CEC_ADAP_G_LOG_ADDRS, &la) == 0 && la.num_log_addrs > 0)
        return true;
    memset(&caps, 0, sizeof caps);
    if (ioctl(fd, CEC_ADAP_G_CAPS, &caps) || !(caps.capabilities & CEC_CAP_LOG_ADDRS))
        return true; /* the adapter manages its addresses itself */
    memset(&la, 0, sizeof la);
    la.cec_version = CEC_OP_CEC_VERSION_1_4;
    la.vendor_id = CEC_VENDOR_ID_NONE;
    la.num_log_addrs = 1;
    la.log_addr_type[0] = CEC_LOG_ADDR_TYPE_PLAYBACK;
    la.primary_device_type[0] = CEC_OP_PRIM_DEVTYPE_PLAYBACK;
    la.all_device_types[0] = CEC_OP_ALL_DEVTYPE_PLAYBACK;
    snprintf(la.osd_name, sizeof la.osd_name, "baolan");
    if (ioctl(fd, CEC_ADAP_S_LOG_ADDRS, &la)) {
        BL_LOGW(TAG, "HDMI-CEC: cannot claim an address on %s: %s", CEC_DEVICE, strerror(errno));
        return false;
    }
    return true;
}

/* Sends Standby or Image View On to the TV (logical address 0). */
static void send_power(int fd, bool on)
{
    struct cec_log_addrs la;
    struct cec_msg msg;
    unsigned from = CEC_LOG_ADDR_UNREGISTERED;
    memset(&la, 0, sizeof la);
    if (ioctl(fd, CEC_ADAP_G_LOG_ADDRS, &la) == 0 && la.num_log_addrs > 0 &&
        la.log_addr[0] != CEC_LOG_ADDR_INVALID)
        from = la.log_addr[0];
    memset(&msg, 0, sizeof msg);
    msg.msg[0] = (uint8_t)(from << 4 | CEC_LOG_ADDR_TV);
    msg.msg[1] = on ? CEC_MSG_IMAGE_VIEW_ON : CEC_MSG_STANDBY;
    msg.len = 2;
    msg.timeout = 0; /* no reply awaited: both are commands without one */
    if (ioctl(fd, CEC_TRANSMIT, &msg))
        BL_LOGW(TAG, "HDMI-CEC: %s: %s", on ? "image view on" : "standby", strerror(errno));
    else if (msg.tx_status & ~(unsigned)CEC_TX_STATUS_OK)
        BL_LOGW(TAG, "HDMI-CEC: %s not acknowledged by the TV (status 0x%x)", on ? "image view on" : "standby",
                msg.tx_status);
    else
        BL_LOGI(TAG, "HDMI-CEC: %s sent to the TV", on ? "image view on" : "standby");
}

static int cec_thread(void *arg)
{
    bl__cec *c = arg;
    bool claimed = false;
    for (;;) {
        int want;
        SDL_LockMutex(c->lock);
        while (!c->quit && c->want < 0)
            SDL_CondWait(c->wake, c->lock);
        want = c->want;
        c->want = -1;
        if (c->quit) {
            SDL_UnlockMutex(c->lock);
            break;
        }
        SDL_UnlockMutex(c->lock);
        if (c->fd < 0 && (c->fd = open(CEC_DEVICE, O_RDWR | O_CLOEXEC)) < 0) {
            BL_LOGW(TAG, "HDMI-CEC: %s: %s", CEC_DEVICE, strerror(errno));
            continue;
        }
        if (!claimed)
            claimed = claim(c->fd);
        if (claimed)
            send_power(c->fd, want == 1);
    }
    return 0;
}

bl__cec *bl__cec_start(void)
{
    bl__cec *c;
    if (access(CEC_DEVICE, F_OK))
        return NULL; /* no adapter: nothing to do, nothing to say */
    c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->fd = -1;
    c->want = -1;
    c->lock = SDL_CreateMutex();
    c->wake = SDL_CreateCond();
    if (c->lock && c->wake)
        c->thread = SDL_CreateThread(cec_thread, "baolan-cec", c);
    if (!c->thread) {
        BL_LOGW(TAG, "HDMI-CEC: cannot start its thread: %s", SDL_GetError());
        bl__cec_stop(c);
        return NULL;
    }
    return c;
}

void bl__cec_power(bl__cec *c, bool on)
{
    SDL_LockMutex(c->lock);
    c->want = on; /* only the latest matters */
    SDL_CondSignal(c->wake);
    SDL_UnlockMutex(c->lock);
}

void bl__cec_stop(bl__cec *c)
{
    if (!c)
        return;
    if (c->thread) {
        SDL_LockMutex(c->lock);
        c->quit = true;
        SDL_CondSignal(c->wake);
        SDL_UnlockMutex(c->lock);
        /* at most one message still on the bus */
        SDL_WaitThread(c->thread, NULL);
    }
    if (c->fd >= 0)
        close(c->fd);
    if (c->wake)
        SDL_DestroyCond(c->wake);
    if (c->lock)
        SDL_DestroyMutex(c->lock);
    free(c);
}
