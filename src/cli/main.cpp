// Placeholder until the command line lands (helper `cli` replaces this file).
int main() { return 2; }
