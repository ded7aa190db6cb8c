# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    """How every usriot.m0 module reaches its M0."""

    # posix: a local port is opened through termios and locked with fcntl, which is what every module does first.
    DOCUMENTATION = r'''
attributes:
  platform:
    platforms: posix
options:
  serial_port:
    description:
      - The line to the M0, opened with pyserial's C(serial_for_url).
      - A local device path such as C(/dev/ttyUSB0), locked exclusively for the run,
        so a second task on the same port waits for the first instead of mixing bytes with it.
      - Or a terminal server URL. C(socket://ts1.example.net:4001) is a raw TCP port (ser2net's C(tcp) accepter); the
        terminal server's port speed is its own configuration, so a change of the UART speed with a restart is refused
        over it (store it with C(restart=false), then change the terminal server and the inventory).
      - C(rfc2217://ts1.example.net:2217) is a telnet port with RFC 2217 (ser2net's C(telnet(rfc2217)) accepter); the
        terminal server takes the speed from the module, which follows a change of the UART speed end to end. The
        pyserial option C(ign_set_control) is added unless the URL gives it, because ser2net does not answer the
        DTR/RTS requests pyserial otherwise waits for; other pyserial options in the URL (C(timeout=), C(logging=)) are kept.
      - C(tls://ts1.example.net:4001) is a raw TCP port inside TLS (ser2net's C(ssl) accepter, stunnel), so web and
        cloud passwords do not cross the network in clear. The server's certificate is always verified, against the
        system's trust store or C(?cafile=/path/ca.pem); C(&certfile=/path/client.pem&keyfile=/path/client.key) give
        a client certificate; C(&server_hostname=NAME) the name the certificate must carry when the URL names the
        server by address. A failed verification fails the task before anything is sent. Speeds as with C(socket://).
      - A terminal server that answers that the port is in use by another client (ser2net's C(Port already in use))
        is waited for, as a locked local port is, for O(serial_lock_wait) seconds; a connection that drops mid-run
        (the terminal server restarted) is opened again, for as long.
      - If the task does not give it, the host variable C(serial_port) is used (where the inventory and
        P(usriot.m0.serial_scan#inventory) put it), else the environment variable E(USR_M0_SERIAL_PORT).
      - Not needed by M(usriot.m0.usr_m0_config) with O(usriot.m0.usr_m0_config#module:state=rendered) or
        O(usriot.m0.usr_m0_config#module:state=parsed), which work without a device.
    type: str
  serial_baudrate:
    description:
      - The speed the host opens the port at, which must be the M0's current UART speed (factory C(115200)).
      - After a task changes the UART speed and restarts the module, later tasks must use the new speed.
      - When the module does not answer at this speed but bytes came back that made no sense (a module at another
        speed echoing or forwarding data), the other UART speeds are tried, sending only C(+++) there, and the task
        warns with the speed found. When nothing came back at all, only the factory speed C(115200) is tried, and
        the task fails within about O(serial_timeout) plus three seconds, as a module that is off or not on this
        port would; the P(usriot.m0.serial_scan#inventory) inventory finds modules at any speed.
      - If the task does not give it, the host variable C(serial_baudrate) is used when it is set.
    type: int
    default: 115200
  serial_timeout:
    description:
      - Seconds to wait for one reply from the module.
      - If the task does not give it, the host variable C(serial_timeout) is used when it is set.
    type: float
    default: 2.0
  serial_lock_wait:
    description:
      - Seconds to wait for a port that is held by another process (a local port) or in use by another client of
        the terminal server, and for a terminal server that dropped the connection to take it again, before the
        task fails naming the port.
      - If the task does not give it, the host variable C(serial_lock_wait) is used when it is set.
    type: float
    default: 30.0
  terminal_server_sessions:
    description:
      - At most this many AT sessions open at once to one terminal server host (the host of a C(socket://),
        C(rfc2217://) or C(tls://) URL), across the forks of a run and every run and job on the same controller or
        execution node. A session waits for its turn up to O(serial_lock_wait) seconds, then the task fails naming the
        server, before anything is sent. Local device paths are not capped.
      - Set it once for a terminal server's hosts with the inventory variable C(usr_m0_terminal_server_sessions) (a
        group of the terminal server's modules, for example); a task's own value wins.
      - The turns are kept with file locks the operating system holds (and frees when a process ends) in the folder
        E(USR_M0_LOCK_DIR), by default C(usriot.m0-sessions-<uid>) in the temporary directory. Runs in separate
        containers (AWX execution environments) share a cap only if they share that folder.
      - Not given, no cap.
    type: int
notes:
  - Where the code runs. With C(ansible_connection=local) (the controller holds the port or reaches the terminal
    server) the module runs inside the Ansible worker process, in the Python that runs C(ansible-playbook), which needs
    pyserial and netaddr; no module payload is built, no Python is started and no interpreter is discovered, so
    C(ansible_python_interpreter) need not be set.
  - With C(delegate_to) a host that holds the serial adapters over another connection (SSH), with C(become), with
    C(async), or when the variable C(usr_m0_run_as_module) is true, the module is executed as an ordinary Ansible
    module on that host, whose Python needs pyserial and netaddr.
  - The module enters AT mode with the C(+++)/C(a) handshake and always returns the M0 to work mode
    (C(AT+ENTM)) or restarts it (C(AT+Z)) before it ends, also when it fails, so the module's data service is not left stopped.
  - 'Several M0 modules that share one physical port need C(throttle: 1).'
requirements:
  - pyserial
  - netaddr
'''
