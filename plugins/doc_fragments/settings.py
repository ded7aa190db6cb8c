# -*- coding: utf-8 -*-
# Copyright: (c) 2026, usriot.m0 contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):
    """The settings options, documented once.

    usriot.m0.settings: restart, what check and diff mode do and how a change is made, for every module that sets
    settings; usriot.m0.settings.<section>: the options of that section's module; usriot.m0.settings.config: the
    sections of the config option of usr_m0_config and usr_m0_audit (each module gives the option its own
    description: ansible-core merges an option a module and a fragment both document key by key). The parts of the
    sections are written by tools/generate_modules.py from the settings model, between the marks.
    """

    DOCUMENTATION = r'''
options:
  restart:
    description:
      - Settings take effect only after the module restarts. With V(true), a run that changed something
        sends C(AT+Z) once at the end, waits until the module answers again (at its new UART speed, if
        that changed) and checks, in the session after the restart, that every setting the task manages
        holds.
      - With V(false) the module is returned to work mode with the new settings stored but not running,
        and the result has RV(restart_required=true), so that a play can restart once at the end with
        M(usriot.m0.usr_m0_restart).
    type: bool
    default: true
attributes:
  check_mode:
    support: full
    details: Only queries are sent; C(changed), RV(commands) and the diff are what a real run would give.
  diff_mode:
    support: full
    details: Before and after of the managed settings only; secrets masked, a changed secret marked.
notes:
  - Reads the running values first and sends a set command only for what differs, so a second run sends no set
    command and reports no change.
  - Values are compared as the module stores them (upper-case choices on the device, IP addresses with leading
    zeros, MAC addresses in any notation), so a different spelling is not a change.
  - Bad values fail before the port is opened, naming the option and what is allowed.
  - 'A setting whose AT command the module''s firmware lacks (older releases lack some: the module answers
    C(+ERR=-2), invalid command, to its query) is refused before anything is set, naming the firmware version and
    the command; C(ansible_facts.usr_m0.unsupported) lists what a module lacks.'
'''

    # BEGIN generated: sections (tools/generate_modules.py writes what is between these lines)

    SYSTEM = r'''
options:
  echo:
    description:
      - Echo of AT commands.
      - Sent as C(AT+E) (AT command echo).
      - 'Factory value: V(true).'
    type: bool
  name:
    description:
      - Module name.
      - Sent as C(AT+MID) (module name).
      - 'Allowed: 1 to 15 bytes.'
      - CR, LF, NUL and C(+++) are refused.
    type: str
  mac:
    description:
      - User-defined MAC address.
      - Sent as C(AT+USERMAC) (user-defined MAC address). Read back through C(AT+MAC).
      - 'Allowed: a MAC address of 12 hex digits whose first byte is even (unicast).'
    type: str
'''

    NETWORK = r'''
options:
  ip_mode:
    description:
      - How the module gets its address.
      - Sent as field 1 of C(AT+WANN) (DHCP or static address, mask and gateway).
      - 'Factory value: V(static).'
      - The module sets O(ip_address), O(netmask), O(gateway) together with it; those not given keep their
        running values.
    type: str
    choices:
      - static
      - dhcp
  ip_address:
    description:
      - Static IP address.
      - Sent as field 2 of C(AT+WANN) (DHCP or static address, mask and gateway).
      - 'Allowed: an IPv4 address (dotted quad).'
      - 'Factory value: V(192.168.0.7).'
      - The module sets O(ip_mode), O(netmask), O(gateway) together with it; those not given keep their
        running values.
    type: str
  netmask:
    description:
      - Subnet mask.
      - Sent as field 3 of C(AT+WANN) (DHCP or static address, mask and gateway).
      - 'Allowed: an IPv4 netmask (dotted quad).'
      - 'Factory value: V(255.255.255.0).'
      - The module sets O(ip_mode), O(ip_address), O(gateway) together with it; those not given keep their
        running values.
    type: str
  gateway:
    description:
      - Gateway address.
      - Sent as field 4 of C(AT+WANN) (DHCP or static address, mask and gateway).
      - 'Allowed: an IPv4 address (dotted quad).'
      - 'Factory value: V(192.168.0.1).'
      - The module sets O(ip_mode), O(ip_address), O(netmask) together with it; those not given keep their
        running values.
    type: str
  dns:
    description:
      - DNS server.
      - Sent as C(AT+DNS) (DNS server).
      - 'Allowed: an IPv4 address (dotted quad).'
      - 'Factory value: V(208.67.222.222).'
    type: str
'''

    WEB = r'''
options:
  username:
    description:
      - Web page user name.
      - Sent as field 1 of C(AT+WEBU) (web page user name and password).
      - 'Allowed: 1 to 5 bytes.'
      - CR, LF, NUL and C(+++) are refused, and so is a comma.
      - 'Factory value: V(admin).'
      - The module sets O(password) together with it; those not given keep their running values.
    type: str
  password:
    description:
      - Web page password.
      - Sent as field 2 of C(AT+WEBU) (web page user name and password).
      - 'Allowed: 1 to 5 bytes.'
      - CR, LF, NUL and C(+++) are refused, and so is a comma.
      - 'Factory value: V(admin).'
      - Never logged or shown; facts and diffs show it masked. Given as the mask V(********), it is left
        as it is.
      - The module sets O(username) together with it; those not given keep their running values.
    type: str
  port:
    description:
      - Web page TCP port.
      - Sent as C(AT+WEBPORT) (web page port).
      - 'Allowed: an integer from 1 to 65535.'
      - 'Factory value: V(80).'
    type: int
'''

    UART = r'''
options:
  baudrate:
    description:
      - UART speed in baud.
      - Sent as field 1 of C(AT+UART) (UART speed, framing and flow control).
      - 'Allowed: an integer from 600 to 460800.'
      - 'Factory value: V(115200).'
      - The module sets O(data_bits), O(stop_bits), O(parity), O(flow_control) together with it; those
        not given keep their running values.
    type: int
  data_bits:
    description:
      - Data bits.
      - Sent as field 2 of C(AT+UART) (UART speed, framing and flow control).
      - 'Factory value: V(8).'
      - The module sets O(baudrate), O(stop_bits), O(parity), O(flow_control) together with it; those
        not given keep their running values.
    type: int
    choices:
      - 5
      - 6
      - 7
      - 8
  stop_bits:
    description:
      - Stop bits.
      - Sent as field 3 of C(AT+UART) (UART speed, framing and flow control).
      - 'Factory value: V(1).'
      - The module sets O(baudrate), O(data_bits), O(parity), O(flow_control) together with it; those
        not given keep their running values.
    type: int
    choices:
      - 1
      - 2
  parity:
    description:
      - Parity.
      - Sent as field 4 of C(AT+UART) (UART speed, framing and flow control).
      - 'Factory value: V(none).'
      - The module sets O(baudrate), O(data_bits), O(stop_bits), O(flow_control) together with it; those
        not given keep their running values.
    type: str
    choices:
      - none
      - even
      - odd
      - mask
      - space
  flow_control:
    description:
      - 'Flow control: nfc none, fc RTS/CTS hardware flow control, 485 the RS-485 driver enable (DE) line.'
      - Sent as field 5 of C(AT+UART) (UART speed, framing and flow control).
      - 'Factory value: V(nfc).'
      - The module sets O(baudrate), O(data_bits), O(stop_bits), O(parity) together with it; those not
        given keep their running values.
    type: str
    choices:
      - nfc
      - fc
      - '485'
'''

    SOCK = r'''
options:
  protocol:
    description:
      - Socket protocol.
      - Sent as field 1 of C(AT+SOCK) (socket protocol, remote address and port).
      - 'Factory value: V(tcpc).'
      - The module sets O(remote_address), O(port) together with it; those not given keep their running
        values.
    type: str
    choices:
      - tcps
      - tcpc
      - udps
      - udpc
      - htpc
  remote_address:
    description:
      - Remote server (client modes).
      - Sent as field 2 of C(AT+SOCK) (socket protocol, remote address and port).
      - 'Allowed: an IPv4 address or a host name of at most 64 bytes.'
      - 'Factory value: V(192.168.0.201).'
      - The module sets O(protocol), O(port) together with it; those not given keep their running values.
    type: str
  port:
    description:
      - Local port in server modes, remote port in client modes.
      - Sent as field 3 of C(AT+SOCK) (socket protocol, remote address and port).
      - 'Allowed: an integer from 1 to 65535.'
      - 'Factory value: V(8234).'
      - The module sets O(protocol), O(remote_address) together with it; those not given keep their running
        values.
    type: int
  local_port:
    description:
      - Local port, 0 = random.
      - Sent as C(AT+SOCKPORT) (local port).
      - 'Allowed: an integer from 0 to 65535.'
      - 'Factory value: V(0).'
    type: int
  tcp_server_policy:
    description:
      - What a full TCP server does with a new client.
      - Sent as C(AT+TCPSE) (TCP server client policy).
      - 'Factory value: V(keep).'
    type: str
    choices:
      - keep
      - kick
'''

    REGISTRATION = r'''
options:
  mode:
    description:
      - Identity header content.
      - Sent as C(AT+REGEN) (identity (registration) header content).
      - 'Factory value: V(off).'
    type: str
    choices:
      - 'off'
      - mac
      - usr
  send:
    description:
      - When the identity header is sent.
      - Sent as C(AT+REGTCP) (identity header sending method).
      - 'Factory value: V(first).'
    type: str
    choices:
      - first
      - every
      - all
  data:
    description:
      - User-defined identity header.
      - Sent as C(AT+REGUSR) (user-defined identity header data).
      - 'Allowed: 1 to 40 bytes.'
      - CR, LF, NUL and C(+++) are refused.
      - 'Factory value: V(www.usr.cn).'
    type: str
  cloud_id:
    description:
      - USR Cloud device id.
      - Sent as field 1 of C(AT+REGCLOUD) (USR Cloud id and password).
      - 'Allowed: exactly 20 bytes.'
      - CR, LF, NUL and C(+++) are refused, and so is a comma.
      - The module sets O(cloud_password) together with it; those not given keep their running values.
    type: str
  cloud_password:
    description:
      - USR Cloud password.
      - Sent as field 2 of C(AT+REGCLOUD) (USR Cloud id and password).
      - 'Allowed: 1 to 8 bytes.'
      - CR, LF, NUL and C(+++) are refused, and so is a comma.
      - Never logged or shown; facts and diffs show it masked. Given as the mask V(********), it is left
        as it is.
      - The module sets O(cloud_id) together with it; those not given keep their running values.
    type: str
'''

    HEARTBEAT = r'''
options:
  enabled:
    description:
      - Heartbeat packets.
      - Sent as C(AT+HEARTEN) (heartbeat on/off).
      - 'Factory value: V(false).'
    type: bool
  target:
    description:
      - Where heartbeats go.
      - Sent as C(AT+HEARTTP) (heartbeat target).
      - 'Factory value: V(net).'
    type: str
    choices:
      - net
      - com
  interval:
    description:
      - Heartbeat interval in seconds.
      - Sent as C(AT+HEARTTM) (heartbeat interval).
      - 'Allowed: an integer from 1 to 65535.'
      - 'Factory value: V(30).'
    type: int
  data:
    description:
      - Heartbeat data.
      - Sent as C(AT+HEARTDT) (heartbeat data).
      - 'Allowed: 1 to 40 bytes.'
      - CR, LF, NUL and C(+++) are refused.
      - 'Factory value: V(www.usr.cn).'
    type: str
'''

    HTTP = r'''
options:
  method:
    description:
      - HTTP method.
      - Sent as C(AT+HTPTP) (HTTP method).
      - 'Factory value: V(get).'
    type: str
    choices:
      - get
      - post
  url:
    description:
      - HTTP URL path.
      - Sent as C(AT+HTPURL) (HTTP URL).
      - 'Allowed: 1 to 100 bytes.'
      - CR, LF, NUL and C(+++) are refused.
      - 'Factory value: V(/1.php?).'
    type: str
  headers:
    description:
      - HTTP header lines.
      - Sent as C(AT+HTPHEAD) (HTTP header lines).
      - 'Allowed: 0 to 180 bytes joined with <<CRLF>>.'
      - CR, LF, NUL and C(+++) are refused.
      - 'Factory value: V(User_Agent: Mozilla/4.0).'
    type: list
    elements: str
  filter_response_header:
    description:
      - Strip the HTTP header from responses.
      - Sent as C(AT+HTPCHD) (filter the HTTP response header).
      - 'Factory value: V(false).'
    type: bool
'''

    CONFIG = r'''
options:
  config:
    type: dict
    suboptions:
      system:
        description:
          - Options of M(usriot.m0.usr_m0_system).
        type: dict
        suboptions:
          echo:
            description:
              - Echo of AT commands.
              - Sent as C(AT+E) (AT command echo).
              - 'Factory value: V(true).'
            type: bool
          name:
            description:
              - Module name.
              - Sent as C(AT+MID) (module name).
              - 'Allowed: 1 to 15 bytes.'
              - CR, LF, NUL and C(+++) are refused.
            type: str
          mac:
            description:
              - User-defined MAC address.
              - Sent as C(AT+USERMAC) (user-defined MAC address). Read back through C(AT+MAC).
              - 'Allowed: a MAC address of 12 hex digits whose first byte is even (unicast).'
            type: str
      network:
        description:
          - Options of M(usriot.m0.usr_m0_network).
        type: dict
        suboptions:
          ip_mode:
            description:
              - How the module gets its address.
              - Sent as field 1 of C(AT+WANN) (DHCP or static address, mask and gateway).
              - 'Factory value: V(static).'
              - The module sets O(config.network.ip_address), O(config.network.netmask), O(config.network.gateway)
                together with it; those not given keep their running values.
            type: str
            choices:
              - static
              - dhcp
          ip_address:
            description:
              - Static IP address.
              - Sent as field 2 of C(AT+WANN) (DHCP or static address, mask and gateway).
              - 'Allowed: an IPv4 address (dotted quad).'
              - 'Factory value: V(192.168.0.7).'
              - The module sets O(config.network.ip_mode), O(config.network.netmask), O(config.network.gateway)
                together with it; those not given keep their running values.
            type: str
          netmask:
            description:
              - Subnet mask.
              - Sent as field 3 of C(AT+WANN) (DHCP or static address, mask and gateway).
              - 'Allowed: an IPv4 netmask (dotted quad).'
              - 'Factory value: V(255.255.255.0).'
              - The module sets O(config.network.ip_mode), O(config.network.ip_address), O(config.network.gateway)
                together with it; those not given keep their running values.
            type: str
          gateway:
            description:
              - Gateway address.
              - Sent as field 4 of C(AT+WANN) (DHCP or static address, mask and gateway).
              - 'Allowed: an IPv4 address (dotted quad).'
              - 'Factory value: V(192.168.0.1).'
              - The module sets O(config.network.ip_mode), O(config.network.ip_address), O(config.network.netmask)
                together with it; those not given keep their running values.
            type: str
          dns:
            description:
              - DNS server.
              - Sent as C(AT+DNS) (DNS server).
              - 'Allowed: an IPv4 address (dotted quad).'
              - 'Factory value: V(208.67.222.222).'
            type: str
      web:
        description:
          - Options of M(usriot.m0.usr_m0_web).
        type: dict
        suboptions:
          username:
            description:
              - Web page user name.
              - Sent as field 1 of C(AT+WEBU) (web page user name and password).
              - 'Allowed: 1 to 5 bytes.'
              - CR, LF, NUL and C(+++) are refused, and so is a comma.
              - 'Factory value: V(admin).'
              - The module sets O(config.web.password) together with it; those not given keep their running
                values.
            type: str
          password:
            description:
              - Web page password.
              - Sent as field 2 of C(AT+WEBU) (web page user name and password).
              - 'Allowed: 1 to 5 bytes.'
              - CR, LF, NUL and C(+++) are refused, and so is a comma.
              - 'Factory value: V(admin).'
              - Never logged or shown; facts and diffs show it masked. Given as the mask V(********),
                it is left as it is.
              - The module sets O(config.web.username) together with it; those not given keep their running
                values.
            type: str
          port:
            description:
              - Web page TCP port.
              - Sent as C(AT+WEBPORT) (web page port).
              - 'Allowed: an integer from 1 to 65535.'
              - 'Factory value: V(80).'
            type: int
      uart:
        description:
          - Options of M(usriot.m0.usr_m0_uart).
        type: dict
        suboptions:
          baudrate:
            description:
              - UART speed in baud.
              - Sent as field 1 of C(AT+UART) (UART speed, framing and flow control).
              - 'Allowed: an integer from 600 to 460800.'
              - 'Factory value: V(115200).'
              - The module sets O(config.uart.data_bits), O(config.uart.stop_bits), O(config.uart.parity),
                O(config.uart.flow_control) together with it; those not given keep their running values.
            type: int
          data_bits:
            description:
              - Data bits.
              - Sent as field 2 of C(AT+UART) (UART speed, framing and flow control).
              - 'Factory value: V(8).'
              - The module sets O(config.uart.baudrate), O(config.uart.stop_bits), O(config.uart.parity),
                O(config.uart.flow_control) together with it; those not given keep their running values.
            type: int
            choices:
              - 5
              - 6
              - 7
              - 8
          stop_bits:
            description:
              - Stop bits.
              - Sent as field 3 of C(AT+UART) (UART speed, framing and flow control).
              - 'Factory value: V(1).'
              - The module sets O(config.uart.baudrate), O(config.uart.data_bits), O(config.uart.parity),
                O(config.uart.flow_control) together with it; those not given keep their running values.
            type: int
            choices:
              - 1
              - 2
          parity:
            description:
              - Parity.
              - Sent as field 4 of C(AT+UART) (UART speed, framing and flow control).
              - 'Factory value: V(none).'
              - The module sets O(config.uart.baudrate), O(config.uart.data_bits), O(config.uart.stop_bits),
                O(config.uart.flow_control) together with it; those not given keep their running values.
            type: str
            choices:
              - none
              - even
              - odd
              - mask
              - space
          flow_control:
            description:
              - 'Flow control: nfc none, fc RTS/CTS hardware flow control, 485 the RS-485 driver enable
                (DE) line.'
              - Sent as field 5 of C(AT+UART) (UART speed, framing and flow control).
              - 'Factory value: V(nfc).'
              - The module sets O(config.uart.baudrate), O(config.uart.data_bits), O(config.uart.stop_bits),
                O(config.uart.parity) together with it; those not given keep their running values.
            type: str
            choices:
              - nfc
              - fc
              - '485'
      sock:
        description:
          - Options of M(usriot.m0.usr_m0_sock).
        type: dict
        suboptions:
          protocol:
            description:
              - Socket protocol.
              - Sent as field 1 of C(AT+SOCK) (socket protocol, remote address and port).
              - 'Factory value: V(tcpc).'
              - The module sets O(config.sock.remote_address), O(config.sock.port) together with it; those
                not given keep their running values.
            type: str
            choices:
              - tcps
              - tcpc
              - udps
              - udpc
              - htpc
          remote_address:
            description:
              - Remote server (client modes).
              - Sent as field 2 of C(AT+SOCK) (socket protocol, remote address and port).
              - 'Allowed: an IPv4 address or a host name of at most 64 bytes.'
              - 'Factory value: V(192.168.0.201).'
              - The module sets O(config.sock.protocol), O(config.sock.port) together with it; those not
                given keep their running values.
            type: str
          port:
            description:
              - Local port in server modes, remote port in client modes.
              - Sent as field 3 of C(AT+SOCK) (socket protocol, remote address and port).
              - 'Allowed: an integer from 1 to 65535.'
              - 'Factory value: V(8234).'
              - The module sets O(config.sock.protocol), O(config.sock.remote_address) together with it;
                those not given keep their running values.
            type: int
          local_port:
            description:
              - Local port, 0 = random.
              - Sent as C(AT+SOCKPORT) (local port).
              - 'Allowed: an integer from 0 to 65535.'
              - 'Factory value: V(0).'
            type: int
          tcp_server_policy:
            description:
              - What a full TCP server does with a new client.
              - Sent as C(AT+TCPSE) (TCP server client policy).
              - 'Factory value: V(keep).'
            type: str
            choices:
              - keep
              - kick
      registration:
        description:
          - Options of M(usriot.m0.usr_m0_registration).
        type: dict
        suboptions:
          mode:
            description:
              - Identity header content.
              - Sent as C(AT+REGEN) (identity (registration) header content).
              - 'Factory value: V(off).'
            type: str
            choices:
              - 'off'
              - mac
              - usr
          send:
            description:
              - When the identity header is sent.
              - Sent as C(AT+REGTCP) (identity header sending method).
              - 'Factory value: V(first).'
            type: str
            choices:
              - first
              - every
              - all
          data:
            description:
              - User-defined identity header.
              - Sent as C(AT+REGUSR) (user-defined identity header data).
              - 'Allowed: 1 to 40 bytes.'
              - CR, LF, NUL and C(+++) are refused.
              - 'Factory value: V(www.usr.cn).'
            type: str
          cloud_id:
            description:
              - USR Cloud device id.
              - Sent as field 1 of C(AT+REGCLOUD) (USR Cloud id and password).
              - 'Allowed: exactly 20 bytes.'
              - CR, LF, NUL and C(+++) are refused, and so is a comma.
              - The module sets O(config.registration.cloud_password) together with it; those not given
                keep their running values.
            type: str
          cloud_password:
            description:
              - USR Cloud password.
              - Sent as field 2 of C(AT+REGCLOUD) (USR Cloud id and password).
              - 'Allowed: 1 to 8 bytes.'
              - CR, LF, NUL and C(+++) are refused, and so is a comma.
              - Never logged or shown; facts and diffs show it masked. Given as the mask V(********),
                it is left as it is.
              - The module sets O(config.registration.cloud_id) together with it; those not given keep
                their running values.
            type: str
      heartbeat:
        description:
          - Options of M(usriot.m0.usr_m0_heartbeat).
        type: dict
        suboptions:
          enabled:
            description:
              - Heartbeat packets.
              - Sent as C(AT+HEARTEN) (heartbeat on/off).
              - 'Factory value: V(false).'
            type: bool
          target:
            description:
              - Where heartbeats go.
              - Sent as C(AT+HEARTTP) (heartbeat target).
              - 'Factory value: V(net).'
            type: str
            choices:
              - net
              - com
          interval:
            description:
              - Heartbeat interval in seconds.
              - Sent as C(AT+HEARTTM) (heartbeat interval).
              - 'Allowed: an integer from 1 to 65535.'
              - 'Factory value: V(30).'
            type: int
          data:
            description:
              - Heartbeat data.
              - Sent as C(AT+HEARTDT) (heartbeat data).
              - 'Allowed: 1 to 40 bytes.'
              - CR, LF, NUL and C(+++) are refused.
              - 'Factory value: V(www.usr.cn).'
            type: str
      http:
        description:
          - Options of M(usriot.m0.usr_m0_http).
        type: dict
        suboptions:
          method:
            description:
              - HTTP method.
              - Sent as C(AT+HTPTP) (HTTP method).
              - 'Factory value: V(get).'
            type: str
            choices:
              - get
              - post
          url:
            description:
              - HTTP URL path.
              - Sent as C(AT+HTPURL) (HTTP URL).
              - 'Allowed: 1 to 100 bytes.'
              - CR, LF, NUL and C(+++) are refused.
              - 'Factory value: V(/1.php?).'
            type: str
          headers:
            description:
              - HTTP header lines.
              - Sent as C(AT+HTPHEAD) (HTTP header lines).
              - 'Allowed: 0 to 180 bytes joined with <<CRLF>>.'
              - CR, LF, NUL and C(+++) are refused.
              - 'Factory value: V(User_Agent: Mozilla/4.0).'
            type: list
            elements: str
          filter_response_header:
            description:
              - Strip the HTTP header from responses.
              - Sent as C(AT+HTPCHD) (filter the HTTP response header).
              - 'Factory value: V(false).'
            type: bool
'''
    # END generated: sections
