web_ports = [80, 443]
