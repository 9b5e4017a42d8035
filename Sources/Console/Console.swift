enum ConsoleModule {}
