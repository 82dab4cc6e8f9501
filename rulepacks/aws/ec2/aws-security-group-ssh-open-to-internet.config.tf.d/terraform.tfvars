admin_ports = [443, 22]
web_ports   = [80, 22]
